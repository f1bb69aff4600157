#!/usr/bin/env bash
# daxstat --record: the recording of a scripted workload
# (tests/guest/bpf-record.sh) holds exactly the references the script made
# (per file: op, path, granule, task; holes and extending writes left out;
# an eviction after each file's last use), daxsim accepts it, and daxsim
# on it predicts the new mappings and upgrades that daxstat counted in the
# same run and that virtiofsd served. A sampled recording holds exactly the
# references of its sample. Other probe flavors and --latency record the
# same, and so do recordings beside the table and the exporter, and those
# ended by SIGTERM. Stock module (fentry, kprobes) and patched module
# (tracepoints, fentry). Bad options are refused in one line before
# anything loads.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bpf-helpers.sh"
ds_need_pkgs prometheus
make -s -C "$DS_ROOT/sim" OUT="$T_WORK/sim" > /dev/null || fail "building daxsim failed"
DAXSIM=$T_WORK/sim/daxsim
GRANULE=$((256 << 10))	# daxstat's default
WINDOW=16M

# 1. Errors, on the host (no DAX mount here): the recording's options are
# checked before the mounts, so their message is the only line.
err_case() {
	local name=$1 pat=$2 rc=0
	shift 2
	"$DAXSTAT_OUT/daxstat" "$@" > "$T_WORK/$name.out" 2> "$T_WORK/$name.err" || rc=$?
	[ "$rc" != 0 ] || fail "$name: daxstat exited 0"
	expect_eq "$name: stderr lines" "$(wc -l < "$T_WORK/$name.err")" 1
	grep -q -- "$pat" "$T_WORK/$name.err" || fail "$name: stderr does not say '$pat': $(cat "$T_WORK/$name.err")"
	echo "$name (exit $rc): $(cat "$T_WORK/$name.err")"
}
err_case unwritable "cannot write the recording $T_WORK/no/x.rec: No such file" \
	--record "$T_WORK/no/x.rec"
err_case sample0 "sample takes a number in (0, 1\], not 0" --record "$T_WORK/x.rec" --sample 0
err_case granule "granule must be a power of two" --record "$T_WORK/x.rec" --granule 3000
err_case norecord "need --record FILE" --sample 0.5

# The sampling hash (bpf-helpers.sh). keep INO UNIT: kept at rate 0.5.
keep() { sample_keep "$1" "$2" 8388608; }
mix64 $GOLDEN; mix64 $((MIX ^ GOLDEN))
expect_eq "hash test vector h(0,0)" "$(printf %016x $MIX)" 0397ab29740681d9

# recs FILE: the records (no comment lines).
recs() { grep -v '^#' "$1"; }
# refs FILE: its references as "INO OP PATH GRANULE TASK", sorted.
refs() { recs "$1" | awk '$5 != "e" {print $3, $5, $6, $4, $7}' | sort; }
# ops FILE INO: that inode's OPs in order, repeated evictions squeezed.
ops() { recs "$1" | awk -v i="$2" '$3 == i {print $5}' | awk '$1 != "e" || p != "e" {printf "%s ", $1} {p = $1}'; }

# expected A B C E: the references the guest script made, by inode.
expected() {
	local a=$1 b=$2 c=$3 e=$4 k
	{
		printf '%s r i %s dd\n' "$a" 0 "$a" 0 "$a" 1 "$a" 8 "$a" 15
		printf '%s w i 1 dd\n' "$a" "$a"
		printf '%s r i %s dd\n' "$b" 0 "$b" 2 "$b" 3 "$b" 4
		for k in $(seq 16); do echo "$c r f 0 fio"; done
		for k in $(seq 0 31); do echo "$e r i $((k * 8)) dd"; done
	} | sort
}

# check KIND SHARE STATS: the checks of one guest's run.
check() {
	local kind=$1 share=$2 stats=$3 out n h dev a b c d e f nrec base_ranges
	local row new up mapped kept pairs ino g u p t op
	out=$share/out
	for n in full deflt samp other lat table prom bound; do
		expect_eq "$kind: daxstat $n exit status" "$(guest_rc "$share" $n)" 0
	done
	dev=$(cat "$out/dev")
	read -r _ a < <(grep '^a ' "$out/inodes")
	read -r _ b < <(grep '^b ' "$out/inodes")
	read -r _ c < <(grep '^c ' "$out/inodes")
	read -r _ d < <(grep '^d ' "$out/inodes")
	read -r _ e < <(grep '^e ' "$out/inodes")
	f=$out/full.rec

	# The file: a header daxsim reads, records, an end line that counts them.
	for h in format=daxrec1 granule=$GRANULE sample_rate=1 sample_unit=$GRANULE \
		range=$((2 << 20)); do
		grep -qx "# $h" "$f" || fail "$kind: no '# $h' in the recording: $(grep '^#' "$f" | tr '\n' ' ')"
	done
	grep -q '^# realtime_offset_ns=[0-9]' "$f" || fail "$kind: no realtime_offset_ns"
	grep -q '^# window=' "$f" && fail "$kind: a window in the header (not known at start)"
	nrec=$(recs "$f" | wc -l)
	expect_eq "$kind: end line" "$(tail -n1 "$f")" "# end records=$nrec dropped=0"
	expect_eq "$kind: JSON recording.records" "$(summary "$out/full.out" .recording.records)" "$nrec"
	expect_eq "$kind: JSON recording.dropped" "$(summary "$out/full.out" .recording.dropped)" 0
	expect_eq "$kind: devices in the recording" "$(recs "$f" | awk '{print $2}' | sort -u)" "$dev"
	"$DAXSIM" "$f" > "$T_WORK/$kind-full.sim" || fail "$kind: daxsim refused the recording"

	# The main oracle: the references are what the script made.
	expected "$a" "$b" "$c" "$e" > "$T_WORK/$kind.want"
	refs "$f" > "$T_WORK/$kind.got"
	diff "$T_WORK/$kind.want" "$T_WORK/$kind.got" > "$T_WORK/$kind.diff" ||
		fail "$kind: recorded references differ from the script's (< script, > recording): $(tr '\n' ' ' < "$T_WORK/$kind.diff")"
	# Evictions: each inode's last record, and b went after each use.
	expect_eq "$kind: a's records" "$(ops "$f" "$a")" "r r r r r w w e "
	case $(ops "$f" "$b") in *"r e r r e r e ") ;; *) fail "$kind: b's records: $(ops "$f" "$b")" ;; esac
	case $(ops "$f" "$c") in *"r e ") ;; *) fail "$kind: c's records: $(ops "$f" "$c")" ;; esac
	expect_eq "$kind: d's records" "$(ops "$f" "$d")" "e "
	case $(ops "$f" "$e") in *"$(printf 'r e %.0s' $(seq 32))") ;; *) fail "$kind: e's records: $(ops "$f" "$e")" ;; esac
	# Where the references came from: fuse_iomap_end (fentry or kprobe),
	# or on the patched module its fuse_dax_iomap event alone.
	if [ "$kind" = stock ]; then
		expect_eq "$kind: probes" "$(summary "$out/full.out" .probes)" '"stock fentry/fexit"'
		expect_eq "$kind: other probes" "$(summary "$out/other.out" .probes)" '"kprobes"'
		# One run per mapped extent or hole: 58 + 3.
		expect_eq "$kind: iomap_end runs" "$(prog_runs "$out/full.out" f_iomap_end_enter)" 61
		expect_eq "$kind: --latency iomap_end runs" "$(prog_runs "$out/lat.out" f_iomap_end_enter)" 61
		# A recording alone: the same program runs, counting nothing
		# (unavailable, not 0), and no read program.
		expect_eq "$kind: --record alone: iomap_end runs" "$(prog_runs "$out/deflt.out" f_iomap_end_enter)" 61
		expect_eq "$kind: --record alone: read_iter program" "$(prog_runs "$out/deflt.out" f_read_iter_enter)" absent
		expect_gt "$kind: --hits: read_iter runs" "$(prog_runs "$out/full.out" f_read_iter_enter)" 0
		expect_counters "$out/deflt.out" mapped=null holes=null hits=null
	else
		expect_eq "$kind: probes" "$(summary "$out/full.out" .probes)" \
			'"fuse_dax tracepoints (tp_btf) + fentry/fexit"'
		expect_eq "$kind: other probes" "$(summary "$out/other.out" .probes)" '"stock fentry/fexit"'
		expect_eq "$kind: no iomap_end program" "$(prog_runs "$out/full.out" f_iomap_end_enter)" absent
		# The event that gives a recording its references counts them too.
		expect_counters "$out/deflt.out" mapped=58 holes=3
	fi
	# daxstat's own counts of the same accesses: 58 fuse_iomap_begin calls
	# mapped (a 7, b 3, c 16, e 32), 3 holes (a 2, b 1).
	expect_counters "$out/full.out" mapped=58 holes=3 dropped=0
	expect_counters "$out/lat.out" mapped=58 holes=3

	# Other flavors, --latency, other outputs, SIGTERM: the same records
	# in the same order.
	for n in other lat table prom; do
		diff <(recs "$f" | cut -d' ' -f2-) <(recs "$out/$n.rec" | cut -d' ' -f2-) > /dev/null ||
			fail "$kind: $n.rec differs from full.rec"
	done
	grep -qx "  recording /tmp/ds/out/table.rec: $nrec records written, 0 references dropped" \
		"$out/table.out" || fail "$kind: no recording line in the table summary"
	grep -q '^total,' "$out/prom.out" || fail "$kind: no CSV total row beside the exporter"
	promtool check metrics < "$out/metrics.txt" || fail "$kind: promtool rejected /metrics"
	expect_eq "$kind: /metrics record_dropped" \
		"$(awk '$1 == "daxscope_daxstat_record_dropped_total" {print $2}' "$out/metrics.txt")" 0
	grep -q '^daxscope_daxstat_recorded_total [0-9]' "$out/metrics.txt" ||
		fail "$kind: no daxscope_daxstat_recorded_total in /metrics"

	# daxsim on the recording predicts what daxstat and virtiofsd saw.
	"$DAXSIM" -j --windows "$WINDOW" --ranges 2M "$f" > "$T_WORK/$kind.simj" ||
		fail "$kind: daxsim failed"
	row=$(jq -c 'select(.type == "row")' "$T_WORK/$kind.simj")
	new=$(json_sum "$out/full.out" new_mappings)
	up=$(json_sum "$out/full.out" upgrades)
	mapped=$(json_sum "$out/full.out" mapped)
	read -r _ base_ranges < <(bpf_baseline "$share")
	expect_eq "$kind: daxsim new_mappings = daxstat's" "$(jq .new_mappings <<< "$row")" "$new"
	expect_eq "$kind: daxstat new_mappings = virtiofsd setups - upgrades - before tracing" \
		"$new" $(($(stat_get setup_requests "$stats") - up - base_ranges))
	expect_eq "$kind: daxsim upgrades = daxstat's" "$(jq .upgrades <<< "$row")" "$up"
	# Iomap extents (sim/README.md): b's 512 KiB read is one extent in two
	# granule records, which daxsim counts as one reference, as daxstat
	# counts one mapped extent.
	expect_eq "$kind: daxsim references = mapped" "$(jq .references <<< "$row")" "$mapped"
	echo "$kind: $nrec records; daxsim: new_mappings $new, upgrades $up, references $mapped (as daxstat, virtiofsd)"

	# The sample: exactly the full recording's references whose (inode,
	# 2 MiB unit) the hash keeps, and every eviction.
	grep -qx '# sample_rate=0.5' "$out/samp.rec" || fail "$kind: no sample_rate=0.5 in samp.rec"
	grep -qx "# sample_unit=$((2 << 20))" "$out/samp.rec" || fail "$kind: no sample_unit in samp.rec"
	"$DAXSIM" "$out/samp.rec" > /dev/null || fail "$kind: daxsim refused the sampled recording"
	recs "$f" | while read -r _ n ino g op p t; do
		[ "$op" = e ] || keep "$ino" $((g >> 3)) || continue
		echo "$n $ino $g $op $p $t"
	done > "$T_WORK/$kind.samp.want"
	diff "$T_WORK/$kind.samp.want" <(recs "$out/samp.rec" | cut -d' ' -f2-) > /dev/null ||
		fail "$kind: samp.rec is not the hash's sample of full.rec"
	# The default sample: a tenth of the 4 MiB units (16 granules);
	# floor(0.1 * 2^24) is the hash's threshold.
	grep -qx '# sample_rate=0.1' "$out/deflt.rec" || fail "$kind: no sample_rate=0.1 in deflt.rec"
	grep -qx "# sample_unit=$((4 << 20))" "$out/deflt.rec" || fail "$kind: no 4M sample_unit in deflt.rec"
	recs "$f" | while read -r _ n ino g op p t; do
		[ "$op" = e ] || sample_keep "$ino" $((g >> 4)) 1677721 || continue
		echo "$n $ino $g $op $p $t"
	done > "$T_WORK/$kind.deflt.want"
	diff "$T_WORK/$kind.deflt.want" <(recs "$out/deflt.rec" | cut -d' ' -f2-) > /dev/null ||
		fail "$kind: deflt.rec is not the hash's default sample of full.rec"
	echo "$kind: the default sample kept $(recs "$out/deflt.rec" | awk '$5 != "e"' | wc -l) of $((mapped + 1)) granule records"
	pairs=0 kept=0
	while read -r ino u; do
		pairs=$((pairs + 1))
		if keep "$ino" "$u"; then kept=$((kept + 1)); fi
	done < <(refs "$f" | awk '{print $1, int($4 / 8)}' | sort -u)
	expect_eq "$kind: (inode, unit) pairs" "$pairs" 36
	# Binomial(36, 0.5): outside 6..30 once in ~10^5 runs.
	if [ "$kept" -lt 6 ] || [ "$kept" -gt 30 ]; then
		fail "$kind: the sample kept $kept of $pairs pairs"
	fi

	# An extent over 64 sampling units (b's 512 KiB read in 4K units,
	# granules 128-255) keeps its first 64 and counts the other 64 lost.
	f=$out/bound.rec
	"$DAXSIM" --windows "$WINDOW" --ranges 4K "$f" > /dev/null || fail "$kind: daxsim refused bound.rec"
	expect_eq "$kind: bound.rec end line" "$(tail -n1 "$f")" \
		"# end records=$(recs "$f" | wc -l) dropped=64"
	expect_eq "$kind: bound JSON recording.dropped" "$(summary "$out/bound.out" .recording.dropped)" 64
	expect_eq "$kind: bound.rec granules of b past the 64th unit" \
		"$(recs "$f" | awk -v i="$b" '$3 == i && $4 >= 192 && $4 < 256' | wc -l)" 0
	expect_gt "$kind: bound.rec granules of b in the first 64 units" \
		"$(recs "$f" | awk -v i="$b" '$3 == i && $4 >= 128 && $4 < 192' | wc -l)" 0
	echo "$kind: the sample kept $kept of $pairs (inode, 2M unit) pairs, $(recs "$out/samp.rec" | awk '$5 != "e"' | wc -l) of $((mapped + 1)) granule records"
}

mods=$(patched_modules)
for kind in stock patched; do
	share=$(bpf_share)
	launch=(--mode dax --window "$WINDOW" --share "$share" --stats "$T_WORK/stats-$kind" --timeout 600)
	if [ $kind = stock ]; then
		bpf_script "$T_WORK/script-$kind" bpf-record.sh
	else
		bpf_script "$T_WORK/script-$kind" PATCHED=1 bpf-record.sh
		launch+=(--modules patched --patched-modules "$mods")
	fi
	"$LAUNCH" "${launch[@]}" --script "$T_WORK/script-$kind" || fail "$kind guest exited $?"
	check $kind "$share" "$T_WORK/stats-$kind"
done
