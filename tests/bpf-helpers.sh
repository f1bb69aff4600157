# Host-side helpers for tests/t-bpf-*.sh (source after lib.sh).
# shellcheck shell=bash

ds_resolve collectors || fail "collectors/build.sh failed"
DAXSTAT_OUT=$(ds_built collectors)
ds_need_pkgs jq

# bpf_share: a new share with daxstat, daxtop and their libraries in bin/.
bpf_share() {
	local d
	d=$(new_share)
	mkdir -p "$d/bin"
	cp "$DAXSTAT_OUT/daxstat" "$DAXSTAT_OUT/daxtop" "$d/bin/"
	cp -r "$DAXSTAT_OUT/lib" "$d/bin/"
	echo "$d"
}

# bpf_script OUT [VAR=VALUE]... GUEST_PART...: one --script file: the
# variables, the guest helpers, then the parts (tests/guest/bpf-*.sh), so
# nothing is read from the share first.
bpf_script() {
	local out=$1
	shift
	{
		echo "# composed by tests/bpf-helpers.sh"
		for p in "$@"; do
			case $p in *=*) printf '%s\n' "$p" ;; esac
		done
		cat "$DS_ROOT/tests/guest/bpf-lib.sh"
		for p in "$@"; do
			case $p in *=*) ;; *) cat "$DS_ROOT/tests/guest/$p" ;; esac
		done
	} > "$out"
}

# What copying bin/ to /tmp costs in the guest before tracing starts: one
# DAX range per started 2 MiB of each file, then, when the file is closed
# (cache=none evicts the inode), one FUSE_REMOVEMAPPING with those ranges.
# Prints "files ranges".
bpf_baseline() {
	local f size files=0 ranges=0
	while IFS= read -r f; do
		size=$(stat -c %s "$f")
		[ "$size" -gt 0 ] || continue
		files=$((files + 1))
		ranges=$((ranges + (size + (2 << 20) - 1) / (2 << 20)))
	done < <(find "$1/bin" -type f)
	echo "$files $ranges"
}

# json_sum FILE KEY: a counter from the summary line of daxstat -j output.
json_sum() {
	jq -er --arg k "$2" 'select(.type == "summary") | .counters[$k] // "null"' "$1" ||
		fail "no summary counter $2 in $1"
}

# expect_counters FILE KEY=VALUE...: summary counters of a -j run.
expect_counters() {
	local file=$1 kv
	shift
	for kv in "$@"; do
		expect_eq "daxstat ${kv%%=*}" "$(json_sum "$file" "${kv%%=*}")" "${kv#*=}"
	done
}

# guest_rc SHARE NAME: exit status of a daxstat run recorded by the guest.
guest_rc() {
	[ -f "$1/out/$2.rc" ] || fail "guest left no out/$2.rc"
	cat "$1/out/$2.rc"
}

# ---- the sampling hash of sim/README.md, in bash's wrapping 64-bit ints ----
# mix64 Z: splitmix64's finalizer into $MIX (logical shifts by masking).
mix64() {
	local z=$1
	z=$(((z ^ ((z >> 30) & 0x3ffffffff)) * -4658895280553007687))	# 0xbf58476d1ce4e5b9
	z=$(((z ^ ((z >> 27) & 0x1fffffffff)) * -7723592293110705685))	# 0x94d049bb133111eb
	MIX=$((z ^ ((z >> 31) & 0x1ffffffff)))
}
GOLDEN=-7046029254386353131	# 0x9e3779b97f4a7c15
# sample_keep INO UNIT THRESHOLD: true when the hash keeps (INO, UNIT) at the
# rate whose threshold is floor(R * 2^24).
sample_keep() {
	mix64 $(($1 + GOLDEN))
	mix64 $((MIX ^ ($2 + GOLDEN)))
	[ $((MIX & 0xffffff)) -lt "$3" ]
}

# patched_modules: kernel/build-modules.sh's output directory.
patched_modules() {
	ds_built modules || fail "kernel/build-modules.sh failed"
}

# summary FILE JQ: one value of the summary line of daxstat -j output.
summary() { jq -c "select(.type == \"summary\") | $2" "$1"; }

# prog_runs FILE PROGRAM: that program's run count in the summary's
# self_cost, or "absent".
prog_runs() {
	summary "$1" "[.self_cost.programs[] | select(.name == \"$2\") | .runs][0] // \"absent\"" |
		tr -d '"'
}

# bpf_check_counts SHARE STATS stock|patched: the checks of the exact-count
# workload (tests/guest/bpf-counts.sh); see t-bpf-counts.sh.
bpf_check_counts() {
	local share=$1 s=$2 kind=$3 base_files base_ranges j names n hdr tot sum m f
	read -r base_files base_ranges < <(bpf_baseline "$share")
	out=$share/out
	local runs="json hits lat table csv prom promdef mnt kprobe kphits fallback"
	[ "$kind" = stock ] || runs="json hits lat table csv prom promdef mnt fentry"
	for n in $runs; do
		expect_eq "daxstat $n exit status" "$(guest_rc "$share" $n)" 0
	done
	j=$out/hits.out
	jq -e . "$j" > /dev/null || fail "daxstat -j output is not JSON lines"
	expect_eq "JSON summary lines" "$(jq -s 'map(select(.type == "summary")) | length' "$j")" 1

	# Exact answers (see the guest part for where each comes from), per
	# mode. What a mode does not count is null: per-access values without
	# --hits/--latency/--faults; a stock module does not tell a reclaim
	# that freed nothing; the tracepoints have no event for "no free range".
	local slow="new_mappings=3 upgrades=1 setup_errors=0
		remove_requests=1 removed_ranges=3 remove_errors=0 evicted_ranges=3
		reclaim_inline=0 reclaim_background=0 reclaim_worker_runs=0 freed_ranges=3
		free_range_waits=0 extending_writes=18 extending_write_bytes=69635 dropped=0"
	local nohits="iomap_begin=null mapped=null hits=null holes=null iomap_errors=null"
	local hits="mapped=1792 hits=1788 holes=0"
	local nofaults="faults=null write_faults=null"
	local f_slow="no_free_range=0 reclaim_skipped=null"
	local f_nolat="iomap_begin=null iomap_errors=null no_free_range_fault=null no_free_range_rw=null"
	local f_lat="iomap_begin=1792 iomap_errors=0 no_free_range_fault=0 no_free_range_rw=0"
	local t_slow="no_free_range=null no_free_range_fault=null no_free_range_rw=null reclaim_skipped=0"
	local t_hits="iomap_begin=1792 iomap_errors=0"
	# shellcheck disable=SC2086 # one KEY=VALUE per word
	if [ "$kind" = stock ]; then
		expect_counters "$out/json.out" $slow $f_slow $nohits $f_nolat $nofaults
		expect_counters "$out/hits.out" $slow $f_slow $hits $f_nolat $nofaults
		expect_counters "$out/mnt.out" $slow $f_slow $hits $f_nolat $nofaults
		expect_counters "$out/lat.out" $slow $f_slow $hits $f_lat faults=0 write_faults=0
		expect_eq "unavailable with --hits" "$(summary "$j" .unavailable)" \
			'["iomap_begin","iomap_errors","no_free_range_fault","no_free_range_rw","reclaim_skipped","faults","write_faults"]'
		expect_eq "probes" "$(summary "$j" .probes)" '"stock fentry/fexit"'
		# kprobes, forced and as the fall back from fentry: same answers.
		expect_counters "$out/kprobe.out" $slow $f_slow $nohits $f_nolat $nofaults
		expect_counters "$out/kphits.out" $slow $f_slow $hits $f_lat $nofaults
		expect_counters "$out/fallback.out" $slow $f_slow $hits $f_nolat $nofaults
		for n in kprobe kphits fallback; do
			expect_eq "$n: probes" "$(summary "$out/$n.out" .probes)" '"kprobes"'
		done
		grep -q "fentry on .* cannot attach.*using kprobes instead" "$out/fallback.err" ||
			fail "fallback: no notice of the switch to kprobes: $(cat "$out/fallback.err")"
		expect_eq "kprobe iomap_end runs (--hits)" \
			"$(prog_runs "$out/fallback.out" k_iomap_end_enter)" 1792
		f=f_
	else
		expect_counters "$out/json.out" $slow $t_slow $nohits $nofaults
		expect_counters "$out/hits.out" $slow $t_slow $hits $t_hits $nofaults
		expect_counters "$out/mnt.out" $slow $t_slow $hits $t_hits $nofaults
		expect_counters "$out/lat.out" $slow $t_slow $hits $t_hits faults=0 write_faults=0
		expect_eq "probes" "$(summary "$j" .probes)" \
			'"fuse_dax tracepoints (tp_btf) + fentry/fexit"'
		# The same module traced through its functions gives the same answers.
		expect_counters "$out/fentry.out" $slow $f_slow $hits $f_nolat $nofaults
		f=tpb_fuse_dax_
	fi
	expect_eq "free ranges at the end" "$(summary "$j" .free_ranges)" 32
	expect_eq "window ranges" "$(summary "$j" .window_ranges)" 32
	expect_eq "setup histogram count" "$(summary "$j" .histograms.setup.count)" 4
	expect_eq "iomap_begin histogram without --latency" "$(summary "$j" .histograms.iomap_begin)" null
	expect_eq "iomap_begin histogram with --latency" \
		"$(summary "$out/lat.out" .histograms.iomap_begin.count)" 1792

	# Own cost: programs that ran have runs and time, one that did not has
	# zero runs and no time per run, and a mode without a program does not
	# list it.
	local setup=${f}setup_enter
	[ "$kind" = stock ] || setup=${f}setup_mapping
	expect_eq "default mode: $setup runs" "$(prog_runs "$out/json.out" "$setup")" 4
	expect_gt "default mode: CPU time of $setup" \
		"$(summary "$out/json.out" "[.self_cost.programs[] | select(.name == \"$setup\") | .run_ns][0]")" 0
	expect_eq "default mode: worker runs (none)" "$(prog_runs "$out/json.out" f_worker_enter)" 0
	expect_eq "default mode: worker ns per run" \
		"$(summary "$out/json.out" '[.self_cost.programs[] | select(.name == "f_worker_enter") | .ns_per_run][0]')" null
	for n in f_iomap_end_enter f_iomap_begin_enter f_fault_enter tpb_fuse_dax_iomap; do
		expect_eq "default mode lists no $n" "$(prog_runs "$out/json.out" $n)" absent
	done
	if [ "$kind" = stock ]; then
		expect_eq "--hits: iomap_end runs" "$(prog_runs "$j" f_iomap_end_enter)" 1792
	else
		expect_eq "--hits: iomap event runs" "$(prog_runs "$j" tpb_fuse_dax_iomap)" 1810
	fi
	expect_gt "own CPU time in all (--hits)" "$(summary "$j" .self_cost.run_ns)" 0

	# The host saw the same: what daxstat counted plus the pre-tracing copy of bin/.
	expect_eq "virtiofsd setup_requests" "$(stat_get setup_requests "$s")" $((3 + 1 + base_ranges))
	expect_eq "virtiofsd remove_ranges" "$(stat_get remove_ranges "$s")" $((3 + base_ranges))
	expect_eq "virtiofsd remove_requests" "$(stat_get remove_requests "$s")" $((1 + base_files))

	# Same totals everywhere. The table summary lists the counters in the JSON
	# order, "-" for null.
	jq -r 'select(.type == "summary") | .counters | to_entries[] | "\(.key)=\(.value // "-")"' \
		"$j" > "$T_WORK/json.tot"
	names=$(cut -d= -f1 "$T_WORK/json.tot")
	n=$(echo "$names" | wc -l)
	grep -A "$n" '^daxstat summary:' "$out/table.out" | tail -n "$n" |
		awk '{print $NF}' | paste -d= <(echo "$names") - > "$T_WORK/table.tot"
	diff "$T_WORK/json.tot" "$T_WORK/table.tot" > /dev/null ||
		fail "table summary differs from JSON: $(diff "$T_WORK/json.tot" "$T_WORK/table.tot" | tr '\n' ' ')"
	for f in csv.out; do
		hdr=$(head -n1 "$out/$f")
		tot=$(grep '^total,' "$out/$f") || fail "no total row in $f"
		paste -d= <(echo "$hdr" | tr , '\n') <(echo "$tot" | tr , '\n') | sed -n '3,'$((n + 2))p |
			sed 's/=$/=-/' > "$T_WORK/csv.tot"
		diff "$T_WORK/json.tot" "$T_WORK/csv.tot" > /dev/null ||
			fail "CSV total row differs from JSON: $(diff "$T_WORK/json.tot" "$T_WORK/csv.tot" | tr '\n' ' ')"
		# Every interval row plus nothing else adds up to the total row.
		sum=$(sed '1d;/^total,/d' "$out/$f" | awk -F, '{s += $5} END {print s + 0}')
		expect_eq "CSV interval rows add up (hits)" "$sum" "$(json_sum "$j" hits)"
	done
	jq -s -r 'map(select(.type == "interval")) as $r | $r[0].counters | keys[] as $k |
		"\($k)=\([$r[].counters[$k]] | add // "-")"' "$j" | sort > "$T_WORK/rows.tot"
	sort "$T_WORK/json.tot" | diff - "$T_WORK/rows.tot" > /dev/null ||
		fail "JSON interval rows do not add up to the summary"

	# Prometheus: valid exposition, same values as the JSON summary.
	m=$out/metrics.txt
	[ -s "$m" ] || fail "no /metrics scrape"
	promtool check metrics < "$m" || fail "promtool check metrics rejected /metrics"
	prom() { awk -v k="$1" '$1 == k {print $2}' "$m"; }
	expect_eq "prometheus hits" "$(prom daxscope_dax_hits_total)" 1788
	expect_eq "prometheus new mappings" "$(prom daxscope_dax_new_mappings_total)" 3
	expect_eq "prometheus upgrades" "$(prom daxscope_dax_upgrades_total)" 1
	expect_eq "prometheus removed ranges" "$(prom daxscope_dax_removed_ranges_total)" 3
	expect_eq "prometheus setup histogram count" "$(prom daxscope_dax_setup_seconds_count)" 4
	expect_eq "prometheus setup +Inf bucket" "$(prom 'daxscope_dax_setup_seconds_bucket{le="+Inf"}')" 4
	expect_eq "prometheus free ranges" "$(prom daxscope_dax_free_ranges)" 32
	[ ! -f "$out/notfound.rc" ] || fail "the exporter served / (only /metrics exists)"
	expect_gt "prometheus own runs of $setup" \
		"$(prom "daxscope_daxstat_program_runs{program=\"$setup\"}")" 0
	[ -n "$(prom daxscope_daxstat_cpu_share)" ] || fail "no daxscope_daxstat_cpu_share gauge"
	# Default mode: what it does not count is absent, not 0.
	m=$out/metrics-default.txt
	promtool check metrics < "$m" || fail "promtool check metrics rejected the default-mode /metrics"
	expect_eq "default mode: new mappings" "$(prom daxscope_dax_new_mappings_total)" 3
	! grep -q '^daxscope_dax_hits_total' "$m" || fail "default mode exports hits"
	! grep -q '^daxscope_dax_iomap_begin_seconds' "$m" || fail "default mode exports iomap_begin latency"
	echo "counts, host cross-check, formats and exporter agree"
}
