#!/usr/bin/env bash
# Overhead of daxstat on DAX hits (a benchmark, not a test): in one guest,
# fio 4 KiB psync random reads of a 64 MiB file already mapped in a 256 MiB
# window, in rounds of one run per mode: without daxstat, daxstat in its
# default mode, with --hits, with --hits --latency, recording every
# reference (--record --sample 1) and at the default sample of a tenth
# (--record), the order rotating. As many rounds as the intervals need: at
# least ROUNDS (6), then until every mode's IOPS ratio has a 95 % interval
# within +-TARGET (0.03), at most MAX_ROUNDS (12), then says how many
# rounds the measured noise would need. Prints one line per mode:
# the with/without IOPS ratio of the runs in the same round with its 95 %
# t interval over the rounds, and daxstat's own figure for what its
# programs cost per event (ns, from its JSON summaries, with its interval
# over the rounds), then the programs' run time as a share of the reads'
# time, and the default sample's cost at exactly its rate. TCG numbers:
# compare, do not quote as KVM.
set -euo pipefail
. "$(dirname "$0")/../lib/common.sh"

ROUNDS=${ROUNDS:-6} MAX_ROUNDS=${MAX_ROUNDS:-12} TARGET=${TARGET:-0.03} RUNTIME=${RUNTIME:-5} SIZE=${SIZE:-64M}
[[ $ROUNDS =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 6 ] || die "ROUNDS must be a number of at least 6: $ROUNDS"
[[ $MAX_ROUNDS =~ ^[0-9]+$ ]] && [ "$MAX_ROUNDS" -ge "$ROUNDS" ] || die "MAX_ROUNDS must be a number of at least ROUNDS ($ROUNDS): $MAX_ROUNDS"
[[ $TARGET =~ ^0?\.[0-9]+$ ]] || die "TARGET must be a fraction such as 0.03: $TARGET"
ds_need_pkgs jq
ds_resolve collectors || die "collectors/build.sh failed"
out=$(ds_built collectors)
work=$(mktemp -d "${TMPDIR:-/tmp}/daxscope-bench-daxstat.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/share/bin"
cp -r "$out/daxstat" "$out/lib" "$work/share/bin/"
cp "$DS_ROOT/workloads/ratio-ci.awk" "$work/share/"
{
	echo "ROUNDS=$ROUNDS MAX_ROUNDS=$MAX_ROUNDS TARGET=$TARGET RUNTIME=$RUNTIME SIZE=$SIZE"
	cat "$DS_ROOT/workloads/guest/bench-daxstat.sh"
} > "$work/script"
log "bench-daxstat: $ROUNDS to $MAX_ROUNDS rounds of 6 x ${RUNTIME}s fio runs, until every interval is within +-$TARGET"
"$DS_ROOT/vm/launch.sh" --mode dax --window 256M --share "$work/share" \
	--timeout $((MAX_ROUNDS * (6 * RUNTIME + 90) + 120)) --script "$work/script" ||
	die "the benchmark guest failed"
res=$work/share/out
iops=$res/iops.txt
[ -s "$iops" ] || die "the guest left no results"
echo "daxstat overhead on DAX hits (fio 4k randread psync; $(cat "$res/stop")); with/without IOPS:"
ci() { awk -v mode="$1" -v base="${2:-without}" -f "$DS_ROOT/workloads/ratio-ci.awk" "$iops"; }
# daxstat's own figure: its programs' run time per event. rounds MODE: one
# "RUN_NS RUNS" line per round; pooled MODE: over all rounds (0: no events).
rounds() {
	local f
	for f in "$res"/daxstat."$1".*.json; do
		jq -r 'select(.type == "summary") | .self_cost | "\(.run_ns) \(.runs)"' "$f"
	done
}
pooled() { rounds "$1" | awk '{ ns += $1; n += $2 } END { print (n > 0 ? ns / n : 0) }'; }
# nsper MODE: the pooled figure and a 95 % interval over the rounds' own
# (each round's figure over a constant 1: ratio-ci.awk's interval of it).
nsper() {
	awk -v ns="$(pooled "$1")" 'BEGIN { if (ns > 0) printf "%d ns per event", ns; else printf "no events" }'
	rounds "$1" | awk '$2 > 0 { print "one", 1; print "x", $1 / $2 }' |
		awk -v mode=x -v base=one -f "$DS_ROOT/workloads/ratio-ci.awk" |
		awk 'NF == 6 { printf " (95 %% CI %d .. %d over %d rounds)", $2 - $3, $2 + $3, $1 }'
}
# share MODE: the programs' run time as a share (%) of the fio job's RUNTIME
# (one psync job: its thread is busy with reads all along), with a 95 %
# interval over the rounds: "MEAN HALF" (same trick as nsper).
share() {
	rounds "$1" | awk -v t="$RUNTIME" '$2 > 0 { print "one", 1; print "x", $1 / (t * 1e9) * 100 }' |
		awk -v mode=x -v base=one -f "$DS_ROOT/workloads/ratio-ci.awk" |
		awk 'NF == 6 { print $2, $3 }'
}
worst_sd=0
for mode in default hits latency record sampled; do
	case $mode in
	default) args="(default)" ;; hits) args="--hits" ;; latency) args="--hits --latency" ;;
	record) args="--record --sample 1" ;; sampled) args="--record" ;;
	esac
	read -r n m h sd lo hi < <(ci "$mode")
	[ "${n:-0}" -ge 2 ] || die "fewer than two rounds of $mode"
	printf '  %-19s ratio %.3f (95 %% CI %.3f .. %.3f; min %.3f, max %.3f, sd %.3f, %d rounds); daxstat: %s\n' \
		"$args" "$m" "$(awk -v m="$m" -v h="$h" 'BEGIN {print m - h}')" "$(awk -v m="$m" -v h="$h" 'BEGIN {print m + h}')" \
		"$lo" "$hi" "$sd" "$n" "$(nsper "$mode")"
	worst_sd=$(awk -v a="$worst_sd" -v b="$sd" 'BEGIN {print (b > a) ? b : a}')
done
# Kalibera and Jones: the rounds this noise needs, from the widest spread
# (a 95 % interval is about 2 sd / sqrt(n) wide on each side).
awk -v sd="$worst_sd" -v t="$TARGET" 'BEGIN { n = (2 * sd / t) ^ 2; n = (n == int(n)) ? n : int(n) + 1
	printf "  rounds for +-%s on every mode at this noise (sd up to %.3f): about %d\n", t, sd, n < 2 ? 2 : n }'
# The default recording against --hits: per event, and the IOPS of the two
# runs of each round paired.
read -r n m h _ < <(ci sampled hits)
awk -v r="$(pooled sampled)" -v hs="$(pooled hits)" -v n="$n" -v m="$m" -v h="$h" 'BEGIN {
	printf "  --record (default sample) against --hits: %.2f times the ns per event; IOPS ratio %.3f (95 %% CI %.3f .. %.3f, %d rounds paired)\n",
		(hs > 0 ? r / hs : 0), m, m - h, m + h, n }'
# The programs' time as a share of the reads' time: per read, what the
# ns per event hide (--hits runs two programs per read).
echo "  programs' run time in the reads' time (95 % CI over the rounds):"
for mode in hits latency record sampled; do
	read -r m h < <(share "$mode") || { m=0 h=0; }
	awk -v l="$mode" -v m="$m" -v h="$h" 'BEGIN {
		name = l == "hits" ? "--hits" : l == "latency" ? "--hits --latency" : \
			l == "record" ? "--record --sample 1" : "--record"
		printf "    %-20s %.2f %% (%.2f .. %.2f %%)\n", name, m, m - h, m + h }'
done
# The default sample keeps whole (inode, 4M) units: of this benchmark's 16
# units it keeps a binomial handful, often none, so its measured cost is
# luck. kept = its records over the full recordings' (same rounds); from
# the two shares of the reads' time, what a sample of exactly a tenth
# takes: out + 0.1 * (full - out), out = (sampled - kept * full) / (1 - kept).
read -r s_m _ < <(share sampled) || s_m=0
read -r f_m _ < <(share record) || f_m=0
read -r h_m h_h < <(share hits) || { h_m=0 h_h=0; }
[ ! -s "$res/records.txt" ] || awk -v s="$s_m" -v f="$f_m" -v hm="$h_m" -v hh="$h_h" '
	$1 == "record" { full += $3 } $1 == "sampled" { kept += $3 }
	END {
		if (full == 0) exit
		k = kept / full; out = k < 1 ? (s - k * f) / (1 - k) : s
		at = out + 0.1 * (f - out)
		printf "  --record kept %.1f %% of the references; at exactly a tenth it would take %.2f %% of the reads'"'"' time (sampled out %.2f %%, kept %.2f %%), against --hits'"'"' %.2f %% (%.2f .. %.2f %%)\n",
			100 * k, at, out, f, hm, hm - hh, hm + hh }' "$res/records.txt"
# The recordings' sizes: what a production recording at each rate writes.
[ ! -s "$res/records.txt" ] || awk '{ n[$1] += $3; r[$1]++ } END {
	for (l in n) printf "  %s: %d records in %d runs\n", l, n[l], r[l] }' "$res/records.txt"
