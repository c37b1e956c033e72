#!/usr/bin/env bash
# The Spark cluster test: a standalone cluster on this machine (one master, two workers) runs
# summarize_parquet.py over the 4,368 validation articles, and every row must equal
# `lede summarize` on the same article (test_cluster.py says how).
#
#   examples/spark/run_cluster_test.sh [pytest options]
#
# Needs: a Java runtime (17) on the PATH, python3 with venv, cargo, the shared datasets
# ($LEDE_SHARED_DATA, default ../shared/data beside the repository). Makes a virtual
# environment (default target/spark-venv, or $LEDE_SPARK_VENV) with examples/spark/
# requirements.txt and installs lede into it from this repository the documented way
# (pip install ./crates/lede-py; $LEDE_PY names another source or a built wheel), builds
# target/release/lede, and runs pytest. Spark's files
# and logs go to a temporary directory, removed afterwards unless LEDE_SPARK_KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! java -version >/dev/null 2>&1; then
  echo "the Spark test needs a Java runtime on the PATH (Debian: apt-get install openjdk-17-jre-headless)" >&2
  exit 1
fi

VENV="${LEDE_SPARK_VENV:-target/spark-venv}"
REQ=examples/spark/requirements.txt
if ! cmp -s "$REQ" "$VENV/requirements.txt" 2>/dev/null; then
  echo "== Python environment for Spark in $VENV (from $REQ)"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$VENV/requirements.txt"
fi

LEDE_PY="${LEDE_PY:-./crates/lede-py}"
if [ ! -e "$LEDE_PY" ]; then
  echo "the Spark test needs lede's Python package, and $LEDE_PY is not there" >&2
  exit 1
fi
echo "== lede into that environment (pip install $LEDE_PY)"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps "$LEDE_PY"

echo "== lede command line (target/release/lede), for the expected highlights"
cargo build -q --release -p lede-cli
export LEDE_BIN="$PWD/target/release/lede"

TMP="$(mktemp -d)"
PYTEST=""
cleanup() {
  if [ -n "$PYTEST" ]; then kill -TERM "$PYTEST" 2>/dev/null || true; wait "$PYTEST" 2>/dev/null || true; fi
  if [ "${LEDE_SPARK_KEEP:-0}" = 1 ]; then echo "Spark's files and logs: $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

echo "== Spark cluster test"
# pytest runs in the background so that a TERM or Ctrl-C here reaches it: it then stops the
# cluster it started before it exits.
"$VENV/bin/python" -m pytest -v -s -p no:cacheprovider --basetemp="$TMP/pytest" \
  examples/spark/test_cluster.py "$@" &
PYTEST=$!
set +e
wait "$PYTEST"
status=$?
set -e
PYTEST=""
exit "$status"
