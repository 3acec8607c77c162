#!/usr/bin/env bash
# A real Slurm on this machine (issue #16): munged, slurmctld and slurmd on localhost with a
# one-node configuration, inside a private network namespace (only the loopback interface exists
# there). The tiny-model sentiment run is submitted as a 3-task array with the dependent merge job
# (companion bench sentiment ... --slurm --array 3 --submit); task 2 is cancelled with scancel
# after it has judged a few reviews and requeued, so it has to resume its shard; the merged report
# must equal an unsharded run of the same experiment. Daemons are stopped at the end (trap).
#
# Runs as root (installs Debian's slurm-wlm and munge if missing); skipped with a message where
# that is impossible. Called by .ci/run when CI=true; by hand: bash .ci/slurm-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=$ROOT/target/slurm-test
LIMIT=${SLURM_TEST_SECONDS:-300}

say() { echo "slurm-test: $*"; }
skip() { say "SKIPPED — $*"; exit 0; }

if [ "${1:-}" != "--inside" ]; then
    [ "$(uname -s)" = Linux ] || skip "Slurm runs on Linux only"
    [ "$(id -u)" = 0 ] || skip "needs root (to install slurm-wlm/munge and to run slurmd); run it as root or in CI"
    mkdir -p "$ROOT/target"
    if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null \
            || ! command -v sbatch >/dev/null; then
        command -v apt-get >/dev/null || skip "slurm-wlm/munge are not installed and there is no apt-get"
        say "installing Debian's slurm-wlm and munge"
        { timeout 120 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 180 apt-get install -y -qq \
            --no-install-recommends slurm-wlm munge; } >"$ROOT/target/slurm-test-apt.log" 2>&1 \
            || skip "apt-get could not install slurm-wlm/munge (see target/slurm-test-apt.log)"
    fi
    command -v python3 >/dev/null || skip "python3 is needed to compare the reports"
    command -v unshare >/dev/null || skip "unshare (util-linux) is needed to keep the daemons on a private loopback"
    if [ ! -f target/companion.jar ] || [ ! -d target/lib ]; then
        say "building target/companion.jar (mvn -DskipTests package)"
        mvn -B -q -o -DskipTests package >/dev/null 2>&1 || mvn -B -q -DskipTests package
    fi
    unshare -n true 2>/dev/null || skip "cannot create a network namespace here (unshare -n); not starting daemons on real interfaces"
    # Everything below runs with only a loopback interface: the daemons cannot be reached from outside.
    exec timeout --kill-after=10 "$LIMIT" unshare -n -- bash "$0" --inside
fi

# ---------------------------------------------------------------- inside the network namespace
START=$SECONDS
JAVA=$(command -v java)
NS=$(readlink /proc/self/ns/net)
fail() {
    say "FAILED — $*"
    [ -n "${MERGE:-}" ] && scontrol show job "$MERGE" 2>/dev/null | grep -E 'JobState|Dependency|Reason' | sed 's/^/    /'
    for f in "$W"/log/*.log "$W"/parts/slurm/logs/*.out; do
        [ -f "$f" ] && { echo "----- $f (last 25 lines)"; tr '\r' '\n' <"$f" | tail -n 25; }
    done
    exit 1
}
cleanup() {
    set +e
    scancel --quiet --full --user=root >/dev/null 2>&1
    for d in slurmd slurmctld munged; do
        [ -f "$W/run/$d.pid" ] && kill "$(cat "$W/run/$d.pid")" 2>/dev/null
    done
    sleep 2
    # whatever is left in this private namespace is ours (job steps, daemons): stop it by pid
    for p in /proc/[0-9]*; do
        pid=${p#/proc/}
        [ "$pid" = $$ ] && continue
        [ "$(readlink "$p/ns/net" 2>/dev/null)" = "$NS" ] || continue
        [ "$pid" = "$BASHPID" ] && continue
        grep -qE 'slurm|munged|java' "$p/comm" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    done
    say "daemons stopped"
}
trap cleanup EXIT
elapsed() { echo $((SECONDS - START)); }
waitfor() { # waitfor SECONDS DESCRIPTION COMMAND...: polls every second
    local limit=$1 what=$2; shift 2
    local until=$((SECONDS + limit))
    while ! "$@"; do
        [ $SECONDS -lt $until ] || fail "waited ${limit}s for $what"
        sleep 1
    done
}

ip link set lo up
# Slurm binds with getaddrinfo(AI_ADDRCONFIG), which finds no IPv4 address when loopback is all
# there is: a veth pair with both ends in this namespace gives it one, still reachable from nowhere.
COMM=""
if ! { ip link add companion0 type veth peer name companion1 && ip addr add 10.255.255.1/30 dev companion0 \
        && ip link set companion0 up && ip link set companion1 up; } 2>/dev/null; then
    COMM="CommunicationParameters=EnableIPv6" # the unspecified family resolves on loopback alone
fi
rm -rf "$W"
mkdir -p "$W"/{state,spool,log,run,home}
chmod 700 "$W/run"

# munge with its own key and socket: a system munged, if any, is left alone
head -c 1024 /dev/urandom >"$W/munge.key"
chmod 400 "$W/munge.key"
munged --force --key-file="$W/munge.key" --socket="$W/run/munge.sock" --pid-file="$W/run/munged.pid" \
    --log-file="$W/log/munged.log" --seed-file="$W/run/munge.seed"

CPUS=$(nproc)
export SLURM_CONF=$W/slurm.conf
cat >"$SLURM_CONF" <<EOF
ClusterName=companiontest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$W/run/munge.sock
CredType=cred/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/run/slurmctld.pid
SlurmdPidFile=$W/run/slurmd.pid
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
MinJobAge=600
KillWait=15
$COMM
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=2048 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=00:10:00 State=UP
EOF
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N localhost
node_idle() { [ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; }
waitfor 40 "the node to be idle" node_idle
say "slurmctld, slurmd and munged up on loopback after $(elapsed)s ($(sinfo -h -o '%P %D %c %T'))"

# The experiment: 120 synthetic reviews, the tiny GPT-2 fixture, seed 42.
python3 - "$W/reviews.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,texto,sentimento\n")
    for i in range(120):
        good = i % 2 == 1
        f.write(f"{i},\"{'filme excelente, adorei' if good else 'filme ruim, detestei'} a cena {i}\",{int(good)}\n")
EOF
TINY=$ROOT/src/test/resources/fixtures/gpt2-tiny
export OMP_WAIT_POLICY=PASSIVE
COMPANION=("$JAVA" -Dcompanion.home="$W/home" -jar "$ROOT/target/companion.jar")
EXPERIMENT=(bench sentiment --model "$TINY" --dataset "$W/reviews.csv" --n 120 --seed 42)

"${COMPANION[@]}" "${EXPERIMENT[@]}" --out "$W/parts" --slurm --array 3 --partition debug --time 00:04:00 \
    --cpus-per-task 1 --mem 500M --submit --json >"$W/submitted.json" 2>"$W/submit.err" || { cat "$W/submit.err"; fail "--submit"; }
read -r ARRAY MERGE < <(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["array_job"], j["merge_job"])' "$W/submitted.json")
say "submitted: array job $ARRAY (3 tasks), merge job $MERGE (afterok:$ARRAY) after $(elapsed)s"

# The unsharded run of the same experiment, meanwhile, for the comparison.
"${COMPANION[@]}" "${EXPERIMENT[@]}" --out "$W/whole" --json >"$W/whole.out" 2>"$W/whole.err" &
WHOLE=$!

state() { scontrol show job -o "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }
SHARD2=$W/parts/shard-2-of-3.jsonl
task2_has_work() { [ -f "$SHARD2" ] && [ "$(grep -c '}' "$SHARD2")" -ge 4 ]; }
waitfor 150 "task 2 to judge a few reviews" task2_has_work
scancel "${ARRAY}_2"
task2_stopped() { s=$(state "${ARRAY}_2"); [ -n "$s" ] && [ "$s" != RUNNING ] && [ "$s" != COMPLETING ]; }
waitfor 40 "task 2 to stop after scancel" task2_stopped
KEPT=$(grep -c '}' "$SHARD2")
cp "$SHARD2" "$W/shard2-after-cancel.jsonl"
say "task ${ARRAY}_2 cancelled ($(state "${ARRAY}_2")) with $((KEPT - 1)) of 40 reviews on disk; requeueing it"
scontrol requeue "${ARRAY}_2" || fail "scontrol requeue ${ARRAY}_2"
# Slurm holds a requeued job back for a while (its begin time moves ~2 minutes ahead): start it now.
scontrol update JobId="${ARRAY}_2" StartTime=now || true
# The cancelled attempt's exit code stays in the array's record, so afterok on the whole array can
# no longer be met; the merge job is pointed at the three tasks instead, whose own records hold
# their last attempt (the README says how to do this on a real cluster).
TASKS="afterok:${ARRAY}_1:${ARRAY}_2:${ARRAY}_3"
scontrol update JobId="$MERGE" Dependency="$TASKS" || fail "could not set the merge job's dependency to $TASKS"
say "merge job $MERGE now waits on $TASKS"

merge_done() { s=$(state "$MERGE"); case "$s" in COMPLETED) return 0;; FAILED|CANCELLED|TIMEOUT|OUT_OF_MEMORY) fail "merge job $s";; esac; return 1; }
waitfor $((LIMIT - $(elapsed) - 20)) "the merge job" merge_done
wait "$WHOLE" || { cat "$W/whole.err"; fail "the unsharded run"; }
say "merge job $MERGE completed after $(elapsed)s; array tasks: $(for t in 1 2 3; do printf '%s ' "$t:$(state "${ARRAY}_$t")"; done)"

# Checks: task 2 resumed (its first lines are untouched and it judged only the rest), the merged
# report is the unsharded one (latencies are measured, not computed: they are left out), complete.
head -c "$(stat -c %s "$W/shard2-after-cancel.jsonl")" "$SHARD2" | cmp -s - "$W/shard2-after-cancel.jsonl" \
    || fail "the requeued task rewrote what it had judged before scancel"
[ "$(grep -c '}' "$SHARD2")" = 41 ] || fail "shard 2 has $(grep -c '}' "$SHARD2") lines, not header + 40"
python3 - "$W/whole/sentiment_gpt2-tiny.json" "$W/parts/sentiment_gpt2-tiny.json" "$W/parts/merge.json" <<'EOF' || fail "merged report differs"
import json, sys
whole, merged, summary = (json.load(open(p)) for p in sys.argv[1:4])
assert summary["complete"] is True and summary["missing_items"] == [], summary
def computed(r):
    r = dict(r)
    r["samples"] = [{k: v for k, v in s.items() if not k.startswith("latency")} for s in r["samples"]]
    r["metrics"] = {k: v for k, v in r["metrics"].items() if not k.startswith("mean_latency")}
    return r
a, b = computed(whole), computed(merged)
assert a == b, [k for k in a if a[k] != b[k]]
assert len(b["samples"]) == 120
m = b["metrics"]
print(f"slurm-test: merged = unsharded: 120 records, accuracy {m['accuracy_normal']}/{m['accuracy_repeated']},"
      f" McNemar b={m['b']} c={m['c']} p={m['mcnemar_pvalue']}")
EOF
grep -q "Parte 2/3" "$W"/parts/slurm/logs/companion-sentiment-"${ARRAY}"_2.out || fail "no log of task 2"
ATTEMPTS=$(grep -c "Parte 2/3 em" "$W"/parts/slurm/logs/companion-sentiment-"${ARRAY}"_2.out)
[ "$ATTEMPTS" -ge 2 ] || fail "task 2 ran $ATTEMPTS time(s); the requeue did not run it again"
say "PASSED in $(elapsed)s: task 2 ran $ATTEMPTS times and resumed after $((KEPT - 1)) reviews; merged report equals the unsharded run"
