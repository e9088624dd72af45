#!/usr/bin/env bash
# Build and push the runner images of runner-images/Dockerfile (one target per profile).
#
#   scripts/runner-images.sh list
#   scripts/runner-images.sh build      [PROFILE] [TAG]
#   scripts/runner-images.sh build-push [PROFILE] [TAG]
#
# PROFILE: base | toolchains | secops | container | k6 | fat | all (default all); TAG default dev.
# Both may also come from the environment (PROFILE=…, TAG=…), which is how `make` passes them.
# Image names: ${RUNNER_IMAGE_REGISTRY}/workspace-runner-<profile>:<tag> (registry optional for
# build, required for build-push). Builder: RUNNER_IMAGE_BUILDER, else the first of docker,
# podman, buildah on PATH. DRY_RUN=1 prints the commands instead of running them.
#
# Only bash builtins run before the builder, so a missing builder is reported even on a bare PATH.
set -euo pipefail

readonly PROFILES=(base toolchains secops container k6 fat)
if [[ "${BASH_SOURCE[0]}" == */* ]]; then SCRIPT_DIR="${BASH_SOURCE[0]%/*}"; else SCRIPT_DIR=.; fi
readonly SCRIPT_DIR
readonly CONTEXT_DIR="${SCRIPT_DIR}/../runner-images"

fail() {
  printf 'runner-images: %s\n' "$1" >&2
  exit "${2:-1}"
}

usage() {
  printf 'usage: %s list | build [PROFILE] [TAG] | build-push [PROFILE] [TAG]\n' "${0##*/}" >&2
  printf 'profiles: %s all\n' "${PROFILES[*]}" >&2
  exit 2
}

image_name() {
  local registry="${RUNNER_IMAGE_REGISTRY:-}"
  printf '%sworkspace-runner-%s:%s' "${registry:+${registry%/}/}" "$1" "$2"
}

selected_profiles() {
  local wanted="$1" p
  if [[ "$wanted" == "all" ]]; then
    printf '%s\n' "${PROFILES[@]}"
    return
  fi
  for p in "${PROFILES[@]}"; do
    if [[ "$p" == "$wanted" ]]; then
      printf '%s\n' "$p"
      return
    fi
  done
  fail "unknown profile \"$wanted\" (expected one of: ${PROFILES[*]} all)" 2
}

detect_builder() {
  if [[ -n "${RUNNER_IMAGE_BUILDER:-}" ]]; then
    case "$RUNNER_IMAGE_BUILDER" in
      docker | podman | buildah) printf '%s' "$RUNNER_IMAGE_BUILDER"; return ;;
      *) fail "RUNNER_IMAGE_BUILDER must be docker, podman or buildah (got \"$RUNNER_IMAGE_BUILDER\")" 2 ;;
    esac
  fi
  local candidate
  for candidate in docker podman buildah; do
    if command -v "$candidate" >/dev/null 2>&1; then
      printf '%s' "$candidate"
      return
    fi
  done
  fail "no container builder found: install docker, podman or buildah (or set RUNNER_IMAGE_BUILDER)" 127
}

run() {
  printf '+ %s\n' "$*"
  if [[ "${DRY_RUN:-0}" != "1" ]]; then
    "$@"
  fi
}

build_one() {
  local builder="$1" profile="$2" image="$3"
  local file="${CONTEXT_DIR}/Dockerfile"
  case "$builder" in
    buildah) run buildah bud --target "$profile" -t "$image" -f "$file" "$CONTEXT_DIR" ;;
    *) run "$builder" build --target "$profile" -t "$image" -f "$file" "$CONTEXT_DIR" ;;
  esac || fail "$builder could not build profile $profile (see its output above; is the $builder daemon or runtime usable here?)"
}

main() {
  local command="${1:-}"
  local profile="${2:-${PROFILE:-all}}"
  local tag="${3:-${TAG:-dev}}"
  [[ -n "$profile" ]] || profile=all
  [[ -n "$tag" ]] || tag=dev

  case "$command" in
    list)
      local p
      for p in "${PROFILES[@]}"; do
        printf '%-11s %s\n' "$p" "$(image_name "$p" "$tag")"
      done
      return
      ;;
    build | build-push) ;;
    *) usage ;;
  esac

  [[ "$tag" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || fail "invalid tag \"$tag\"" 2
  [[ "$tag" != "latest" ]] || fail "refusing tag \"latest\": use an explicit version tag" 2
  if [[ "$command" == "build-push" && -z "${RUNNER_IMAGE_REGISTRY:-}" ]]; then
    fail "build-push needs RUNNER_IMAGE_REGISTRY (for example registry.example/team)" 2
  fi

  local profiles
  profiles="$(selected_profiles "$profile")"
  local builder
  builder="$(detect_builder)"

  local p image
  while IFS= read -r p; do
    image="$(image_name "$p" "$tag")"
    build_one "$builder" "$p" "$image"
    if [[ "$command" == "build-push" ]]; then
      run "$builder" push "$image" || fail "$builder could not push $image (logged in to the registry?)"
    fi
  done <<<"$profiles"
}

main "$@"
