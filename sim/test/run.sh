#!/bin/sh
# daxsim's tests: builds into a temporary OUT, runs the model tests
# (test_daxsim.c), the window estimate's (test_estimate.c) and the command-line tests below on the hand-written
# recordings in data/ (expected values worked out in each file's comments).
# Ends with "N passed, N failed"; exits 1 on any failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
sim=$(dirname "$here")
data=$here/data
out=$(mktemp -d "${TMPDIR:-/tmp}/daxsim-test.XXXXXX") || exit 1
trap 'rm -rf "$out"' EXIT INT TERM
pass=0
fail=0

if ! ${MAKE:-make} -s -C "$sim" OUT="$out" all >"$out/build.log" 2>&1; then
	cat "$out/build.log"
	echo "0 passed, 1 failed (build)"
	exit 1
fi
daxsim=$out/daxsim

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# The C tests (the model's, the window estimate's) report their own
# PASS/FAIL lines.
for t in test_daxsim test_estimate; do
	"$out/$t" >"$out/$t.log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL) ' "$out/$t.log"
	pass=$((pass + $(grep -c '^PASS ' "$out/$t.log")))
	fail=$((fail + $(grep -c '^FAIL ' "$out/$t.log")))
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out/$t.log"; then
		bad "$t" "exit $rc without a FAIL line"
	fi
done

# field NAME JSON: a number (or null) from one JSON line.
field() {
	printf '%s\n' "$2" | sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"
}

# row NAME WINDOW RANGE "key=value ..." daxsim-arguments...: the row for
# (WINDOW, RANGE) in bytes has these values.
row() {
	name=$1 w=$2 r=$3 want=$4
	shift 4
	"$daxsim" -j "$@" >"$out/o" 2>"$out/e"
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$name" "exit $rc: $(cat "$out/e")"
		return
	fi
	line=$(grep "\"window\":$w,\"range\":$r," "$out/o")
	if [ -z "$line" ]; then
		bad "$name" "no row for window $w range $r"
		return
	fi
	for kv in $want; do
		got=$(field "${kv%%=*}" "$line")
		if [ "$got" != "${kv#*=}" ]; then
			bad "$name" "${kv%%=*} = $got, expected ${kv#*=}"
			return
		fi
	done
	ok "$name"
}

# refuse NAME "stderr line" daxsim-arguments...: exit 2 and that message.
refuse() {
	name=$1 want=$2
	shift 2
	"$daxsim" "$@" >"$out/o" 2>"$out/e" </dev/null
	rc=$?
	if [ $rc -ne 2 ]; then
		bad "$name" "exit $rc, expected 2 ($(cat "$out/e"))"
	elif [ "$(cat "$out/e")" != "$want" ]; then
		bad "$name" "said '$(cat "$out/e")', expected '$want'"
	else
		ok "$name"
	fi
}

# refuse_stdin NAME "stderr line" TEXT: the same for a recording on stdin.
refuse_stdin() {
	printf '%s' "$3" >"$out/in.rec"
	name=$1 want=$2
	"$daxsim" - <"$out/in.rec" >"$out/o" 2>"$out/e"
	rc=$?
	if [ $rc -ne 2 ] || [ "$(cat "$out/e")" != "$want" ]; then
		bad "$name" "exit $rc, said '$(cat "$out/e")', expected 2 and '$want'"
	else
		ok "$name"
	fi
}

M=1048576

row "cli: plain hits and misses" $((8 * M)) $((2 * M)) \
	"references=6 hits=3 new_mappings=3 reclaim_background=0 reclaim_worker_runs=0 hit_ratio=0.500000" \
	"$data/plain.rec"
row "cli: one extent inside a range is one reference" $((64 * M)) $((2 * M)) \
	"references=9 new_mappings=2 upgrades=1 hits=6" --windows 64M --ranges 512K,2M "$data/extent.rec"
row "cli: one extent over 512K ranges is a reference each" $((64 * M)) $((512 * 1024)) \
	"references=13 new_mappings=8 upgrades=0 hits=5" --windows 64M --ranges 512K,2M "$data/extent.rec"
row "cli: 20% threshold, chunk of 10, FIFO busy list" $((40 * M)) $((2 * M)) \
	"references=21 hits=3 new_mappings=18 reclaim_background=10 reclaim_worker_runs=1" \
	"$data/threshold.rec"
row "cli: range in use skipped" $((10 * M)) $((2 * M)) \
	"references=6 hits=1 new_mappings=5 reclaim_background=4" \
	"$data/inuse.rec"
row "cli: inline reclaim, waits, requeue" $((2 * M)) $((2 * M)) \
	"references=6 hits=1 new_mappings=5 reclaim_inline=1 reclaim_background=3 no_free_range=3 free_range_waits=2 reclaim_worker_runs=7" \
	"$data/inline.rec"
row "cli: upgrade" $((8 * M)) $((2 * M)) \
	"references=6 hits=3 new_mappings=2 upgrades=1" \
	"$data/upgrade.rec"
row "cli: evict frees the inode's ranges" $((40 * M)) $((2 * M)) \
	"references=19 hits=1 new_mappings=18 evicted_ranges=10 reclaim_background=0" \
	"$data/evict.rec"
row "cli: 2M ranges" $((32 * M)) $((2 * M)) \
	"references=4 hits=0 new_mappings=4 ranges=16" \
	"$data/merge.rec" --windows 32M --ranges 2M,4M
row "cli: 4M ranges merge granules" $((32 * M)) $((4 * M)) \
	"references=4 hits=2 new_mappings=2 ranges=8 hit_ratio=0.500000" \
	"$data/merge.rec" --windows 32M --ranges 2M,4M
row "cli: sample rate 0.5 scaling" $((8 * M)) $((2 * M)) \
	"ranges=4 sim_ranges=2 references=6 hits=2 new_mappings=4 reclaim_background=2 reclaim_worker_runs=2 hit_ratio=0.333333" \
	"$data/sampled.rec" --windows 8M
for spec in "2 new_mappings=8 reclaim_inline=7 hits=0" "4 new_mappings=8 reclaim_background=7 hits=0" \
	"8 new_mappings=8 reclaim_background=6 hits=0" "16 new_mappings=4 hits=4" "32 new_mappings=4 hits=4"; do
	row "cli: default windows, ${spec%% *}M" $((${spec%% *} * M)) $((2 * M)) "${spec#* }" "$data/cycle.rec"
done
# The timed worker (--reclaim-ns, rule 10) on cycle.rec (ino 3 ranges
# 0,1,2,3 twice, 1us apart), 1 ms per range: within the recording's 8us the
# worker frees nothing.
#  4M (2 ranges, threshold 1): 0 new, 1 new (free 0: the run starts at
#    2us, its first range due at 1.002 ms). Then no free range: each miss
#    reclaims inline ino 3's lowest mapped offset: 2 takes 0 {1,2}, 3 takes
#    1 {2,3}, 0 takes 2 {3,0}, 1 takes 0 {3,1}, 2 takes 1 {3,2}; 3 hits:
#    7 new, 1 hit, 5 inline, no_free 5, 0 background, 1 run.
#  8M (4 ranges): all 4 mapped by 4us, the second pass hits: 4 new, 4 hits,
#    0 background, 1 run (the instant worker: 8 new, 6 background).
row "cli: --reclaim-ns: inline reclaim while the worker works" $((4 * M)) $((2 * M)) \
	"new_mappings=7 hits=1 reclaim_inline=5 no_free_range=5 reclaim_background=0 reclaim_worker_runs=1" \
	--reclaim-ns 1000000 "$data/cycle.rec"
row "cli: --reclaim-ns: no range freed before its time" $((8 * M)) $((2 * M)) \
	"new_mappings=4 hits=4 reclaim_background=0 reclaim_worker_runs=1" \
	--reclaim-ns=1000000 "$data/cycle.rec"
row "cli: --reclaim-ns 0 is the instant worker" $((8 * M)) $((2 * M)) \
	"new_mappings=8 reclaim_background=6 hits=0" --reclaim-ns 0 "$data/cycle.rec"
if "$daxsim" --reclaim-ns 1000000 --windows 8M "$data/cycle.rec" | head -n 1 |
	grep -q '; worker: timed, 1.000 ms per range (--reclaim-ns)$'; then
	ok "cli: --reclaim-ns in the table's first line"
else
	bad "cli: --reclaim-ns in the table's first line" "$("$daxsim" --reclaim-ns 1000000 "$data/cycle.rec" | head -n 1)"
fi
row "cli: --dev picks one device" $((2 * M)) $((2 * M)) \
	"references=2 new_mappings=1 upgrades=1" \
	"$data/devs.rec" --dev 0:54 --windows 2M

# The summaries of cycle.rec (worked out in it).
"$daxsim" -j "$data/cycle.rec" >"$out/o" 2>"$out/e"
rc=$?
if [ $rc -eq 0 ]; then
	n=$(grep -c '"type":"row"' "$out/o")
	s=$(grep '"type":"summary"' "$out/o")
	if [ "$n" != 5 ]; then
		bad "cli: five default windows" "$n rows"
	else
		ok "cli: five default windows"
	fi
	for kv in footprint_ranges=4 knee_window=$((16 * M)) achievable_hit_ratio=0.500000 \
		target_window=$((16 * M)) target_memmap_mib=0.2500; do
		got=$(field "${kv%%=*}" "$s")
		if [ "$got" = "${kv#*=}" ]; then
			ok "cli: summary ${kv%%=*}"
		else
			bad "cli: summary ${kv%%=*}" "$got, expected ${kv#*=}"
		fi
	done
else
	bad "cli: cycle.rec" "exit $rc: $(cat "$out/e")"
fi
if "$daxsim" "$data/cycle.rec" >"$out/o" 2>"$out/e" &&
	grep -q "knee at window 16M" "$out/o" &&
	grep -q "smallest window reaching 95% of it: 16M (hit ratio 0.5000), memory cost 0.25 MiB" "$out/o"; then
	ok "cli: table summary"
else
	bad "cli: table summary" "$(cat "$out/o" "$out/e")"
fi

# Refused recordings: "daxsim: FILE:LINE: what", exit 2.
refuse "refuse: malformed GRANULE" \
	"daxsim: $data/bad.rec:4: GRANULE is not an unsigned decimal number: 'zz'" "$data/bad.rec"
refuse "refuse: record outside the sample" \
	"daxsim: $data/sampled-out.rec:6: INO 100 GRANULE 1 is outside the sample (hash mod 2^24 = 15284541, kept below 8388608): recorded with another sample_rate or sample_unit?" \
	"$data/sampled-out.rec"
refuse "refuse: two devices" \
	"daxsim: $data/devs.rec:5: records of a second device '0:54' (the first was '0:53'): choose one with --dev" \
	"$data/devs.rec"
H='# format=daxrec1
# granule=2M
'
refuse_stdin "refuse: bad OP" "daxsim: <stdin>:3: OP must be r, w or e, not 'x'" "${H}1 d 1 0 x i t
"
refuse_stdin "refuse: field count" \
	"daxsim: <stdin>:3: expected 7 fields (TIME_NS DEV INO GRANULE OP PATH TASK), found 6" "${H}1 d 1 0 r i
"
refuse_stdin "refuse: time backwards" \
	"daxsim: <stdin>:4: TIME_NS goes backwards (5 after 9); sort the recording" "${H}9 d 1 0 r i t
5 d 1 0 r i t
"
refuse_stdin "refuse: no format header" \
	"daxsim: <stdin>:2: no '# format=daxrec1' header line before the records" "# granule=2M
1 d 1 0 r i t
"
refuse_stdin "refuse: bad granule" \
	"daxsim: <stdin>:2: granule must be a power of two of at least 4096, not '3M'" "# format=daxrec1
# granule=3M
"

refuse_stdin "refuse: default range below the granule" \
	"daxsim: the default range 2M is not the recording's granule (4M) times a power of two; give --ranges" \
	"# format=daxrec1
# granule=4M
1 d 1 0 r i t
"

# Refused arguments: one line, exit 2.
refuse "args: bad size" "daxsim: --windows: '3Q' is not a size (bytes, or with K/M/G: 64M)" \
	--windows 3Q "$data/plain.rec"
refuse "args: empty list element" "daxsim: --windows: '' is not a size (bytes, or with K/M/G: 64M)" \
	--windows 2M,,4M "$data/plain.rec"
refuse "args: range not granule x 2^k" \
	"daxsim: --ranges: 3M is not the recording's granule (2M) times a power of two" \
	--ranges 3M "$data/plain.rec"
refuse "args: range below granule" \
	"daxsim: --ranges: 1M is not the recording's granule (2M) times a power of two" \
	--ranges 1M "$data/plain.rec"
refuse "args: range above sample_unit" \
	"daxsim: range 4M is larger than the recording's sample_unit 2M: its sample of ranges would be biased" \
	--ranges 4M "$data/sampled.rec"
refuse "args: --reclaim-ns not a number" \
	"daxsim: --reclaim-ns must be whole ns from 0 to 1000000000000, not '1ms'" \
	--reclaim-ns 1ms "$data/plain.rec"
refuse "args: --reclaim-ns negative" \
	"daxsim: --reclaim-ns must be whole ns from 0 to 1000000000000, not '-5'" \
	--reclaim-ns -5 "$data/plain.rec"
refuse "args: --reclaim-from without --validate" \
	"daxsim: --reclaim-from goes with --validate (a recording alone has no measured times)" \
	--reclaim-from worker "$data/plain.rec"
refuse "args: target" "daxsim: --target must be a number in (0, 1], not '2'" --target 2 "$data/plain.rec"
refuse "args: unknown option" "daxsim: unknown option '--frob' (see --help)" --frob "$data/plain.rec"
refuse "args: no file" "daxsim: no FILE given (- reads standard input; see --help)"
refuse "args: missing value" "daxsim: --windows needs a value (see --help)" "$data/plain.rec" --windows
if "$daxsim" --help | grep -q '^usage: daxsim'; then ok "args: --help"; else bad "args: --help" "no usage"; fi
. "$here/validate.sh"	# daxsim --validate on tests/fixtures/validate

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
