import type { WorkspaceRuntime } from '#app/workspace';
import { existingPaths } from './workspace-probe.js';

export const VENV_PYTHON = '.workspace-venv/bin/python';
export const VENV_PYTEST = '.workspace-venv/bin/pytest';

/** `<py>` and `<pytest>` of CATALOG.md 3.8. */
export interface PythonInterpreter {
  python: string;
  pytest: string;
}

/**
 * The workspace virtualenv's interpreter and pytest when present, else `python3` and `pytest` from
 * PATH (CATALOG.md 3.8). Kubernetes sessions check in the pod.
 */
export async function choosePythonInterpreter(
  workspace: WorkspaceRuntime,
  signal?: AbortSignal,
): Promise<PythonInterpreter> {
  const present = await existingPaths(workspace, [VENV_PYTHON, VENV_PYTEST], signal);
  return {
    python: present.has(VENV_PYTHON) ? VENV_PYTHON : 'python3',
    pytest: present.has(VENV_PYTEST) ? VENV_PYTEST : 'pytest',
  };
}
