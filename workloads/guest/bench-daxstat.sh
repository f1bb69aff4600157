# In-guest part of workloads/bench-daxstat.sh (busybox sh, from the initramfs
# via --script; ROUNDS, MAX_ROUNDS, TARGET, RUNTIME and SIZE are set above
# this file; ratio-ci.awk is in the share). fio 4 KiB
# random reads of a file whose ranges are all mapped (DAX hits only), in
# rounds of one run per mode: without daxstat, and with it in the default
# mode, with --hits, with --hits --latency, recording every reference
# (--record --sample 1, to the guest's /tmp) and at the default sample of a
# tenth; the order rotates from round to round. After ROUNDS rounds it stops
# as soon as every mode's IOPS ratio has a 95 % interval no wider than
# +-TARGET, or after MAX_ROUNDS (out/stop says which).
# Each result line: MODE IOPS.
set -e
mkdir -p /tmp/ds/out w
cp -r bin/. /tmp/ds/
truncate -s "$SIZE" w/hits
# fd 3 keeps the inode, so its DAX ranges stay mapped across the fio runs
# (cache=none would evict it, and unmap them, at every close).
exec 3< w/hits
dd if=w/hits of=/dev/null bs=1M 2> /dev/null
run_fio() { # label
	fio --name=hits --filename=w/hits --rw=randread --bs=4k --ioengine=psync \
		--size="$SIZE" --time_based --runtime="$RUNTIME" --randrepeat=0 --minimal |
		awk -F';' -v l="$1" '{print l, $8}' >> /tmp/ds/out/iops.txt
}
# with_daxstat LABEL ROUND [ARGS...]: fio under daxstat -j ARGS.
with_daxstat() {
	label=$1 round=$2
	shift 2
	/tmp/ds/daxstat -j "$@" 3600 > "/tmp/ds/out/daxstat.$label.$round.json" \
		2> /tmp/ds/out/daxstat.err &
	pid=$!
	while ! grep -q '^daxstat: tracing' /tmp/ds/out/daxstat.err; do
		kill -0 $pid || { cat /tmp/ds/out/daxstat.err; exit 1; }
		sleep 0.1
	done
	run_fio "$label"
	kill -INT $pid
	wait $pid
}
# record LABEL ROUND ARGS...: fio under daxstat --record ARGS, and how many
# records (not header lines) the recording got.
record() {
	label=$1 round=$2
	shift 2
	with_daxstat "$label" "$round" --record /tmp/ds/rec "$@"
	grep -vc '^#' /tmp/ds/rec | awk -v l="$label" -v r="$round" '{print l, r, $1}' >> /tmp/ds/out/records.txt
	rm -f /tmp/ds/rec
}
run_mode() { # MODE ROUND
	case $1 in
	without) run_fio without ;;
	default) with_daxstat default "$2" ;;
	hits) with_daxstat hits "$2" --hits ;;
	latency) with_daxstat latency "$2" --hits --latency ;;
	record) record record "$2" --sample 1 ;;
	sampled) record sampled "$2" ;;
	esac
}
# narrow: true when every mode's interval is within +-TARGET.
narrow() {
	for m in default hits latency record sampled; do
		awk -v mode=$m -f ratio-ci.awk /tmp/ds/out/iops.txt |
			awk -v t="$TARGET" '$1 < 2 || $3 > t {exit 1}' || return 1
	done
}
modes="without default hits latency record sampled"
i=1
stop="the most rounds, $MAX_ROUNDS, reached"
while [ $i -le "$MAX_ROUNDS" ]; do
	for m in $modes; do run_mode $m $i; done
	# Rotate: each mode runs in each position as the rounds go by.
	modes="${modes#* } ${modes%% *}"
	if [ $i -ge "$ROUNDS" ] && narrow; then
		stop="every interval within +-$TARGET after $i rounds"
		break
	fi
	i=$((i + 1))
done
echo "$stop" > /tmp/ds/out/stop
exec 3<&-
mkdir -p out
cp /tmp/ds/out/* out/
