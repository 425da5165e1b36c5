#!/bin/sh
# moderate on a real Slurm cluster: a single-node cluster on 127.0.0.1
# (Debian's slurm-wlm and munge, run as root in a temporary folder: munged,
# slurmctld and slurmd with a generated slurm.conf) runs moderate as a
# 4-task job array, each task one --shard K/4 from SLURM_ARRAY_TASK_ID;
# merge joins the four and the result must equal one moderate run.
# Installs nothing; skips (77) when not root, when the Slurm or munge
# programs are missing, or when the daemons cannot start here.
# Usage: t_moderate_slurm.sh SPAMCLS FIXTURES MODEL
set -u
SPAMCLS=$1 FIX=$2 MODEL=$3
skip() { echo "skipped: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root to run the Slurm and munge daemons"
for p in munged slurmctld slurmd sbatch sinfo; do
  command -v "$p" > /dev/null 2>&1 || [ -x "/usr/sbin/$p" ] ||
    skip "$p is missing (scripts/setup.sh --test installs slurm-wlm and munge)"
done
PATH=$PATH:/usr/sbin
TMP=$(mktemp -d /tmp/spamcls-slurm.XXXXXX) || exit 1
chmod 755 "$TMP"
cleanup() {
  for f in slurmd slurmctld munged; do
    [ -f "$TMP/$f.pid" ] && kill "$(cat "$TMP/$f.pid")" 2> /dev/null
  done
  sleep 1
  for f in slurmd slurmctld munged; do
    [ -f "$TMP/$f.pid" ] && kill -9 "$(cat "$TMP/$f.pid")" 2> /dev/null
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP" || exit 1
mkdir -p state spool munge in

# munge: a fresh key and a private socket.
dd if=/dev/urandom of=munge/munge.key bs=1024 count=1 2> /dev/null
chmod 700 munge
chmod 400 munge/munge.key
munged --force --key-file="$TMP/munge/munge.key" --socket="$TMP/munge/munge.sock" \
  --pid-file="$TMP/munged.pid" --log-file="$TMP/munged.log" \
  --seed-file="$TMP/munge/seed" > munged.out 2>&1 ||
  { cat munged.out; skip "munged cannot start here"; }

# Free ports for the two daemons.
port() { awk -v s="$1" 'BEGIN { srand(s); print 20000 + int(rand() * 20000) }'; }
CTLD_PORT=$(port $$)
SLURMD_PORT=$((CTLD_PORT + 1))
CPUS=$(nproc)
cat > slurm.conf <<CONF
ClusterName=spamcls-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$TMP/munge/munge.sock
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 NodeHostname=$(hostname) CPUs=$CPUS State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$TMP/slurm.conf"
slurmctld -f "$SLURM_CONF" > slurmctld.out 2>&1 ||
  { cat slurmctld.out; skip "slurmctld cannot start here"; }
slurmd -f "$SLURM_CONF" -N localhost > slurmd.out 2>&1 ||
  { cat slurmd.out; tail -5 slurmd.log; skip "slurmd cannot start here"; }
up=0
i=0
while [ $i -lt 60 ]; do
  state=$(sinfo -h -N -o %t 2> /dev/null | head -1)
  case "$state" in idle|mix|alloc) up=1; break ;; esac
  sleep 1
  i=$((i + 1))
done
if [ "$up" -ne 1 ]; then
  tail -5 slurmctld.log slurmd.log
  skip "the Slurm node did not come up (state '$state')"
fi

# The input: the page fixtures in 12 folders.
for d in 1 2 3 4 5 6 7 8 9 10 11 12; do
  mkdir -p "in/f$d"
  cp "$FIX"/pages/*.html "$FIX"/pages/*.txt "in/f$d/"
done

# The job script the README documents.
cat > moderate.sbatch <<JOB
#!/bin/sh
#SBATCH --job-name=moderate
#SBATCH --array=0-3
#SBATCH --output=$TMP/task-%a.log
exec "$SPAMCLS" moderate -m "$MODEL" -j 1 --shard "\$SLURM_ARRAY_TASK_ID/4" \\
  -o "$TMP/shards/\$SLURM_ARRAY_TASK_ID" "$TMP/in"
JOB
sbatch --wait moderate.sbatch > sbatch.out 2>&1
rc=$?
status=0
fail() { echo "FAIL: $*"; status=1; }
[ "$rc" -eq 0 ] || { fail "the job array failed (exit $rc)"; cat sbatch.out task-*.log; tail -20 slurmctld.log; }
for k in 0 1 2 3; do
  [ -s "shards/$k/report.jsonl" ] || fail "task $k wrote no report"
done
"$SPAMCLS" merge -o merged shards/0 shards/1 shards/2 shards/3 > /dev/null 2> merge.err ||
  fail "merge: $(cat merge.err)"
"$SPAMCLS" moderate -m "$MODEL" -o single "$TMP/in" > /dev/null 2>&1
for f in report.jsonl pages.jsonl summary.json report.html; do
  cmp -s "single/$f" "merged/$f" || fail "merged $f differs from a single run"
done
diff -r single/clean merged/clean > /dev/null || fail "merged clean/ differs"
n=$(grep -c '"page_seq"' merged/pages.jsonl)
[ "$status" -eq 0 ] && echo "slurm: 4 array tasks, $n pages merged, equal to one run"
exit $status
