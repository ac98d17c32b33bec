#!/usr/bin/env python3
"""Runs the shell steps of a GitHub workflow job or a composite action here, as the runner would.

Usage: run-workflow.py FILE JOB|- PORTFOLIO [NAME=VALUE ...]

Steps that `uses:` another action, and steps whose name is given with --skip, are left out (they
need GitHub or the network); every `${{ expression }}` must be given as NAME=VALUE (with the
expression's text as NAME), so nothing is guessed. PORTFOLIO is copied into a fresh Git
repository (the steps read `git log`) and each step runs there with the workflow's env.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def substitute(text, values):
    def one(match):
        if match.group(1) not in values:
            sys.exit(f"run-workflow: no value given for ${{{{ {match.group(1)} }}}}")
        return values[match.group(1)]

    return EXPRESSION.sub(one, str(text))


def main():
    args = sys.argv[1:]
    skip = []
    while args and args[0] == "--skip":
        skip.append(args[1])
        args = args[2:]
    path, job, portfolio, *pairs = args
    values = dict(pair.split("=", 1) for pair in pairs)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    steps = doc["runs"]["steps"] if job == "-" else doc["jobs"][job]["steps"]
    env = dict(os.environ)
    env.update({k: substitute(v, values) for k, v in (doc.get("env") or {}).items()})

    work = tempfile.mkdtemp()
    repo = os.path.join(work, "portfolio")
    shutil.copytree(portfolio, repo, ignore=shutil.ignore_patterns("public"))
    git = ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "portfolio"], cwd=repo, check=True)
    env["GITHUB_OUTPUT"] = os.path.join(work, "output")

    ran = 0
    for step in steps:
        name = step.get("name", step.get("uses", "a step"))
        if "run" not in step or name in skip:
            print(f"-- skipped: {name}")
            continue
        step_env = dict(env)
        step_env.update({k: substitute(v, values) for k, v in (step.get("env") or {}).items()})
        cwd = os.path.join(repo, substitute(step.get("working-directory", "."), values))
        print(f"-- {name}")
        script = substitute(step["run"], values)
        subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=step_env, check=True)
        ran += 1
    if ran == 0:
        sys.exit("run-workflow: no step ran")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
