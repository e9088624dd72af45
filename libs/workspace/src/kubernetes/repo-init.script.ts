/**
 * The `repo-init` container script (API.md 8.4). Every value arrives as an environment variable and is
 * only ever expanded inside double quotes: nothing from a session is interpolated into the text.
 * Credentials are written under the init container's own `$HOME`, never onto the shared volume.
 */
export const REPO_INIT_SCRIPT = `set -eu
export GIT_TERMINAL_PROMPT=0
mkdir -p "$WORKSPACE_WORKDIR"
find "$WORKSPACE_WORKDIR" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
mkdir -p "$HOME"
auth=/var/run/workspace-git-auth
if [ -d "$auth" ]; then
  umask 077
  if [ -f "$auth/.netrc" ]; then
    cp "$auth/.netrc" "$HOME/.netrc"
    chmod 0600 "$HOME/.netrc"
  elif [ -f "$auth/token" ] && [ -n "\${WORKSPACE_REPO_URL:-}" ]; then
    host=$(printf '%s' "$WORKSPACE_REPO_URL" | sed -e 's#^[A-Za-z][A-Za-z0-9+.-]*://##' -e 's#^[^@/]*@##' -e 's#[:/].*$##')
    login=oauth2
    if [ -f "$auth/username" ]; then login=$(cat "$auth/username"); fi
    printf 'machine %s\\nlogin %s\\npassword %s\\n' "$host" "$login" "$(cat "$auth/token")" > "$HOME/.netrc"
    chmod 0600 "$HOME/.netrc"
  fi
  if [ -f "$auth/ssh-privatekey" ]; then
    mkdir -p "$HOME/.ssh"
    chmod 0700 "$HOME/.ssh"
    cp "$auth/ssh-privatekey" "$HOME/.ssh/id_workspace"
    chmod 0600 "$HOME/.ssh/id_workspace"
    if [ -f "$auth/known_hosts" ]; then
      cp "$auth/known_hosts" "$HOME/.ssh/known_hosts"
      GIT_SSH_COMMAND="ssh -i $HOME/.ssh/id_workspace -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=$HOME/.ssh/known_hosts"
    else
      GIT_SSH_COMMAND="ssh -i $HOME/.ssh/id_workspace -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=$HOME/.ssh/known_hosts"
    fi
    export GIT_SSH_COMMAND
  fi
  umask 022
fi
if [ -n "\${WORKSPACE_REPO_URL:-}" ]; then
  if [ -n "\${WORKSPACE_REPO_REF:-}" ]; then
    git clone --depth 1 --branch "$WORKSPACE_REPO_REF" -- "$WORKSPACE_REPO_URL" "$WORKSPACE_WORKDIR"
  else
    git clone --depth 1 -- "$WORKSPACE_REPO_URL" "$WORKSPACE_WORKDIR"
  fi
fi
`;

/** Runner command: a login shell that idles and exits at once on SIGTERM (API.md 8.4). */
export const RUNNER_IDLE_COMMAND: readonly string[] = [
  'sh',
  '-lc',
  'trap "exit 0" TERM INT; while true; do sleep 3600 & wait $!; done',
];
