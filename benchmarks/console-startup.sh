#!/usr/bin/env bash
# Issue 5: time from launch until the console's prompt is on screen, next to jshell's, and what
# replaying a 200-line script that does no database work adds to `stagegate run`.
# Needs tmux. Usage: benchmarks/console-startup.sh [rounds=7]. Prints medians in ms.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds="${1:-7}"
command -v tmux >/dev/null || { echo "tmux not found: apt-get install -y tmux" >&2; exit 3; }
./mvnw -B -q -DskipTests -pl console -am package
jar="$PWD/console/target/stagegate.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }

# ms until `prompt` shows in a fresh tmux pane running `cmd`
prompt_after() {
  local prompt="$1"; shift
  local s="sgbench$$"
  local start; start=$(now_ms)
  tmux new-session -d -s "$s" -x 120 -y 30 "$*"
  until tmux capture-pane -p -t "$s" 2>/dev/null | grep -qF "$prompt"; do sleep 0.01; done
  local end; end=$(now_ms)
  tmux kill-session -t "$s"
  echo $((end - start))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

console="java -Duser.home=$work -Dstagegate.embedded.dir=$work/pg -jar $jar console --evidence $work/ev"
for i in $(seq "$rounds"); do prompt_after "stagegate>" "$console"; done > "$work/console.txt"
for i in $(seq "$rounds"); do prompt_after "jshell>" "jshell"; done > "$work/jshell.txt"

# 200 lines of Groovy with no database work, against an empty script: the difference is replay cost
{ for i in $(seq 200); do echo "v$i = ($i * 7) % 13 + [1, 2, 3].sum()"; done; } > "$work/two-hundred.groovy"
echo "// nothing" > "$work/empty.groovy"
run_ms() { local s; s=$(now_ms); java -Duser.home="$work" -jar "$jar" run "$1" --evidence "$work/ev" > /dev/null; echo $(( $(now_ms) - s )); }
for i in $(seq "$rounds"); do run_ms "$work/two-hundred.groovy"; done > "$work/run200.txt"
for i in $(seq "$rounds"); do run_ms "$work/empty.groovy"; done > "$work/run0.txt"

c=$(median < "$work/console.txt"); j=$(median < "$work/jshell.txt")
r200=$(median < "$work/run200.txt"); r0=$(median < "$work/run0.txt")
echo "console prompt ready: median ${c} ms (runs: $(tr '\n' ' ' < "$work/console.txt"))"
echo "jshell prompt ready:  median ${j} ms (runs: $(tr '\n' ' ' < "$work/jshell.txt"))"
echo "stagegate run, 200-line script: median ${r200} ms; empty script: median ${r0} ms; replay adds $((r200 - r0)) ms"
