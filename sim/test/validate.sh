# Sourced by run.sh (after its helpers ok, bad, field): daxsim --validate on
# the hand-made results directory tests/fixtures/validate/run and on copies
# of it changed here in $out.
#
# The fixture: one guest, dax-w8M-r2M-stock, window 8M / range 2M = 4
# ranges, threshold max(4 * 20 / 100, 1) = 1: the worker runs when a new
# mapping takes the last free range, and (skipping that range, in use) frees
# every other mapped range: 3 when all 4 are mapped. Cells (boot seconds,
# cell_begin..cell_end) and the daxstat intervals whose midpoint falls in
# them (daxstat's times are boot + 1795496400000 ms; dax.rec's
# realtime_offset_ns says the same):
#   reread/1 100.20..103.30  (100,101] (101,102] (102,103]   [(103,104]: 103.5, out]
#   tmpfs/reread/1           not dax: left out
#   reread/2 104.00..107.00  (104,105] (105,106] (106,107]   [(105: interval_s 1.001]
#   stream/1 108.00..110.60  (108,109] (109,110] (110,111]   [110.5 <= 110.60: in]
#   stream/2 112.00..115.00  (112,113] (113,114] (114,115]
#   stream/3 failed: left out
# The model over dax.rec (ino 1001 = reread, 1002 = stream; "n" new mapping,
# "h" hit, "u" upgrade; busy list oldest first):
#   reread/1: 0 0 1 1 2 2 3 3 4 4 5 5. 0 n,h  1 n,h  2 n,h (free 1)  3 n:
#     free 0, the worker frees 0,1,2 (3), busy [3], free 3; h  4 n,h  5 n,h:
#     busy [3,4,5], free 1.                      new 6, hits 6, reclaims 3
#   103.5 (no cell): 1002:0 n, free 0, the worker frees 3,4,5: busy
#     [1002:0], free 3. Counted nowhere; it changes what reread/2 sees.
#   reread/2, same references: 0 n,h  1 n,h  2 n: free 0, frees 1002:0,0,1
#     (3); h  3 n,h  4 n,h  5 n: free 0, frees 2,3,4 (3); h: busy [5], free 3.
#                                                new 6, hits 6, reclaims 6
#     (Replayed from an empty window it would be 3 reclaims: the window's
#     state carries over, so validate replays the whole recording.)
#   stream/1: evict 1001 (busy [], free 4; an eviction is no reclaim);
#     r0 n (read-only)  w0 u  w1 n  r1 h  w2 n  w3 n: free 0, frees 0,1,2
#     (3)  w4 n  r4 at 110.9 h (in (110,111]).   new 5, hits 2, upgrades 1, reclaims 3
#   112.000 exactly (the end of (111,112], no cell): w5 n: busy [3,4,5], free 1.
#   stream/2: r0 n: free 0, frees 3,4,5 (3)  w0 u  w1 n  r1 h  w2 n  w3 n:
#     free 0, frees 0,1,2 (3)  w4 n  r4 at 115.000 exactly: h (in (114,115]).
#                                                new 5, hits 2, upgrades 1, reclaims 6
# Predicted per line: reread new 12, reclaims 9, hit ratio 12/24 = 0.5000;
# stream new 10, reclaims 9, hit ratio 4/(4+10+2) = 0.2500. (daxsim over the
# whole recording: new 24 = 12+1+10+1, hits 16, upgrades 2, reclaims 21 =
# 9+3+9, evicted 1; checked below.)
# Measured (daxstat.jsonl, per cell: hits/new/upgrades/reclaims; the
# intervals in no cell hold 50 and 40 hits as traps):
#   reread/1 6/6/0/4 (one inline), reread/2 5/7/0/6; sums 11/13/0/10,
#     hit ratio 11/24 = 0.458333.
#   stream/1 2/5/1/4 (one inline), stream/2 3/5/1/4; sums 5/10/2/8, hit
#     ratio 5/17 = 0.294118.
# Errors: reread new (12-13)/13 = -7.69%, reclaims (9-10)/10 = -10.0%, hit
#   50 - 45.83 = +4.17 points; spreads: new (7-6)/6.5 = 15.38%, reclaims
#   (6-4)/5 = 40%, hit 50 - 41.67 = 8.33 points: tolerance 40.0%, ok.
#   stream new 0.0%, reclaims (9-8)/8 = +12.5%, hit 25 - 29.41 = -4.41
#   points; spreads 0%, 0%, 33.33 - 25 = 8.33 points: tolerance 15.0%, ok.
#   max error 12.5 %, exit 0.
fx=$sim/../tests/fixtures/validate
vg=dax-w8M-r2M-stock

# vrun ARGS...: daxsim --validate ARGS into $out/v.out and $out/v.err, exit in vrc.
vrun() {
	"$daxsim" --validate "$@" >"$out/v.out" 2>"$out/v.err"
	vrc=$?
}

# vtable NAME RC DIR LAST ROW...: exit RC, these rows and no others (blanks
# squeezed), LAST as the last line, nothing on stderr.
vtable() {
	name=$1 want_rc=$2 dir=$3 last=$4
	shift 4
	vrun "$dir"
	if [ $vrc -ne "$want_rc" ]; then
		bad "$name" "exit $vrc, expected $want_rc ($(cat "$out/v.err"))"
		return
	fi
	if [ -s "$out/v.err" ]; then
		bad "$name" "said '$(cat "$out/v.err")'"
		return
	fi
	tr -s ' ' <"$out/v.out" >"$out/v.sq"
	if [ "$(tail -n 1 "$out/v.sq")" != "$last" ]; then
		bad "$name" "last line '$(tail -n 1 "$out/v.sq")', expected '$last'"
		return
	fi
	# 3 header lines, the rows, the last line.
	if [ $(($(wc -l <"$out/v.sq") - 4)) -ne $# ]; then
		bad "$name" "$(($(wc -l <"$out/v.sq") - 4)) rows, expected $#: $(cat "$out/v.out")"
		return
	fi
	for want in "$@"; do
		if ! grep -qxF "$want" "$out/v.sq"; then
			bad "$name" "no row '$want' in: $(sed -n '4,$p' "$out/v.sq")"
			return
		fi
	done
	ok "$name"
}

# vrefuse NAME WANT_STDERR DIR: exit 2 and exactly that one line.
vrefuse() {
	name=$1 want=$2
	shift 2
	vrun "$@"
	if [ $vrc -ne 2 ] || [ "$(cat "$out/v.err")" != "$want" ]; then
		bad "$name" "exit $vrc, said '$(cat "$out/v.err")', expected 2 and '$want'"
	else
		ok "$name"
	fi
}

# vcopy NAME: a fresh copy of the fixture at $out/NAME.
vcopy() {
	rm -rf "${out:?}/$1"
	cp -R "$fx/run" "$out/$1"
}

R_REREAD="reread 8M 2M 2 12 13 -7.7% 9 10 -10.0% 0.5000 0.4583 +4.2pp 40.0% ok"
R_STREAM="stream 8M 2M 2 10 10 +0.0% 9 8 +12.5% 0.2500 0.2941 -4.4pp 15.0% ok"
vtable "validate: fixture within tolerance" 0 "$fx/run" "max error 12.5 %" "$R_REREAD" "$R_STREAM"
# The fixture's daxstat summary has no reclaim_background or removemapping
# histogram: nothing to time the worker by, so the instant worker (rule 5).
if head -n 1 "$out/v.out" | grep -qxF "daxsim --validate $fx/run: 4 cells in 1 guest; dax cells left out: 1 not ok, 0 without daxstat, 0 in guests without dax.rec; worker: instant (no guest's daxstat summary times the worker or FUSE_REMOVEMAPPING)"; then
	ok "validate: header counts the cells"
else
	bad "validate: header counts the cells" "$(head -n 1 "$out/v.out")"
fi
row "validate: the fixture's recording in plain daxsim" $((8 * M)) $((2 * M)) \
	"references=42 hits=16 new_mappings=24 upgrades=2 reclaim_background=21 reclaim_inline=0 evicted_ranges=1" \
	--windows 8M "$fx/run/guests/$vg/dax.rec"

# JSON lines: the same numbers unrounded.
vrun "$fx/run" -j
if [ $vrc -eq 0 ]; then
	l=$(grep '"workload":"reread"' "$out/v.out")
	s=$(grep '"type":"summary"' "$out/v.out")
	for kv in repeats=2 new_mappings_predicted=12 new_mappings_measured=13 new_mappings_error_pct=-7.692 \
		new_mappings_spread_pct=15.385 reclaims_predicted=9 reclaims_measured=10 \
		reclaims_error_pct=-10.000 reclaims_spread_pct=40.000 hit_ratio_predicted=0.500000 \
		hit_ratio_measured=0.458333 hit_ratio_error_pp=4.167 hit_ratio_spread_pp=8.333 \
		tolerance_pct=40.000 'result="ok"'; do
		got=$(field "${kv%%=*}" "$l")
		if [ "$got" = "${kv#*=}" ]; then ok "validate -j: reread ${kv%%=*}"; else
			bad "validate -j: reread ${kv%%=*}" "$got, expected ${kv#*=}"; fi
	done
	for kv in guests=1 cells=4 not_ok=1 lines=2 over=0 max_error=12.500; do
		got=$(field "${kv%%=*}" "$s")
		if [ "$got" = "${kv#*=}" ]; then ok "validate -j: summary ${kv%%=*}"; else
			bad "validate -j: summary ${kv%%=*}" "$got, expected ${kv#*=}"; fi
	done
else
	bad "validate -j" "exit $vrc: $(cat "$out/v.err")"
fi

# Far off: far-off.jsonl has stream's cells at 20 new mappings each (17 and
# 18 in (109,110] and (112,113]), and ends in a cut line (the guest stopped),
# which is no error. stream: new (10-40)/40 = -75.0%, spread 0; hit
# 5/(5+40+2) = 0.1064, 25 - 10.64 = +14.36 points, spread 2/23 vs 3/24 = 3.8
# points; tolerance 15.0%: OVER for new mappings only. reread as before.
vcopy far
cp "$fx/far-off.jsonl" "$out/far/guests/$vg/daxstat.jsonl"
vtable "validate: far off is OVER, exit 1" 1 "$out/far" "max error 75.0 %" "$R_REREAD" \
	"stream 8M 2M 2 10 40 -75.0% 9 8 +12.5% 0.2500 0.1064 +14.4pp 15.0% OVER new_mappings"

# Nothing reclaimed in daxstat's counts: 9 predicted against 0 is "inf" and
# over. reread's tolerance is then new mappings' spread, 15.4%.
vcopy inf
sed -i 's/"reclaim_inline":[0-9][0-9]*/"reclaim_inline":0/g; s/"reclaim_background":[0-9][0-9]*/"reclaim_background":0/g' \
	"$out/inf/guests/$vg/daxstat.jsonl"
vtable "validate: measured 0, predicted 9 is inf" 1 "$out/inf" "max error inf %" \
	"reread 8M 2M 2 12 13 -7.7% 9 0 inf 0.5000 0.4583 +4.2pp 15.4% OVER reclaims" \
	"stream 8M 2M 2 10 10 +0.0% 9 0 inf 0.2500 0.2941 -4.4pp 15.0% OVER reclaims"

# Sampled at R = 0.875: every (ino, granule) of the recording hashes below
# 0.875 x 2^24 (the largest, 1002:4, at 0.8189), so all are kept; the window
# is round(4 x 0.875) = 4 ranges, the same counts, each cell's x 1/0.875:
# reread new 12/0.875 = 13.71 -> 14 (+7.7%), reclaims 3/0.875 + 6/0.875 =
# 10.29 -> 10 (+0.0%); stream new 11.43 -> 11 (+10.0%), reclaims 10 against
# 8: +25.0%, over 15%. Hit ratios are not scaled.
vcopy sampled
sed -i 's/^# range=2M$/&\n# sample_rate=0.875/' "$out/sampled/guests/$vg/dax.rec"
vtable "validate: a sampled recording's counts scale" 1 "$out/sampled" "max error 25.0 %" \
	"reread 8M 2M 2 14 13 +7.7% 10 10 +0.0% 0.5000 0.4583 +4.2pp 40.0% ok" \
	"stream 8M 2M 2 11 10 +10.0% 10 8 +25.0% 0.2500 0.2941 -4.4pp 15.0% OVER reclaims"

# daxstat without --hits: "hits" is null, so no hit ratio is measured or
# judged ("-"), and its spread is no part of the tolerance.
vcopy nohits
sed -i 's/"hits":[0-9][0-9]*/"hits":null/g' "$out/nohits/guests/$vg/daxstat.jsonl"
vtable "validate: a null counter is not judged" 0 "$out/nohits" "max error 12.5 %" \
	"reread 8M 2M 2 12 13 -7.7% 9 10 -10.0% 0.5000 - - 40.0% ok" \
	"stream 8M 2M 2 10 10 +0.0% 9 8 +12.5% 0.2500 - - 15.0% ok"

# A clock off by an hour: no interval falls within any cell. The rows say
# "no data", then exit 2 with one line.
vcopy clock
sed -i 's/^# realtime_offset_ns=1795496400000000000$/# realtime_offset_ns=1795492800000000000/' \
	"$out/clock/guests/$vg/dax.rec"
vrun "$out/clock"
if [ $vrc -eq 2 ] && [ "$(cat "$out/v.err")" = "daxsim: $out/clock: no daxstat interval falls within a compared cell (do daxstat.jsonl, dax.rec's realtime_offset_ns and cell_begin/cell_end agree?)" ] &&
	[ "$(tr -s ' ' <"$out/v.out" | sed -n '4,$p')" = "reread 8M 2M 0 - - - - - - - - - - no data
stream 8M 2M 0 - - - - - - - - - - no data" ]; then
	ok "validate: no interval in any cell"
else
	bad "validate: no interval in any cell" "exit $vrc, stdout '$(cat "$out/v.out")', stderr '$(cat "$out/v.err")'"
fi

# Bad input: exit 2, one line.
mkdir -p "$out/notres"
vrefuse "validate: not a results directory" \
	"daxsim: $out/notres: not a results directory (no cells.list)" "$out/notres"
vcopy meta
sed -i 's/^window=.*/window=8M-ish/' "$out/meta/cells/$vg/reread/2/meta"
vrefuse "validate: corrupt meta" \
	"daxsim: $out/meta/cells/$vg/reread/2/meta: corrupt (window and range must be bytes, above 0, in a dax cell)" \
	"$out/meta"
vcopy twowin
sed -i 's/^window=.*/window=16777216/' "$out/twowin/cells/$vg/stream/1/meta"
vrefuse "validate: one guest, two windows" \
	"daxsim: $out/twowin/cells/$vg/stream/1/meta: window 16M range 2M, but guest $vg's cell $vg/reread/1 has window 8M range 2M: one guest has one window" \
	"$out/twowin"
vcopy norec
rm "$out/norec/guests/$vg/dax.rec"
vrefuse "validate: no recording" \
	"daxsim: $out/norec: no dax cell with status=ok, daxstat=1 and a recording (guests/GUEST/dax.rec) to compare" \
	"$out/norec"
vcopy nooff
sed -i '/^# realtime_offset_ns=/d' "$out/nooff/guests/$vg/dax.rec"
vrefuse "validate: recording without realtime_offset_ns" \
	"daxsim: $out/nooff/guests/$vg/dax.rec: no '# realtime_offset_ns=N' header line: its times cannot be matched with daxstat.jsonl's" \
	"$out/nooff"
vcopy badjson
sed -i '3s/"counters":{/"counters":{{/' "$out/badjson/guests/$vg/daxstat.jsonl"
vrefuse "validate: corrupt daxstat line" \
	"daxsim: $out/badjson/guests/$vg/daxstat.jsonl:3: not a JSON object" "$out/badjson"
vcopy nospan
sed -i -e '/^cell_begin=/d' -e '/^cell_end=/d' "$out/nospan/cells/$vg/stream/2/status"
vrefuse "validate: ok cell without cell_begin" \
	"daxsim: $out/nospan/cells/$vg/stream/2/status: no cell_begin and cell_end: the cell's daxstat intervals cannot be found" \
	"$out/nospan"
vcopy halfspan
sed -i '/^cell_begin=/d' "$out/halfspan/cells/$vg/stream/2/status"
vrefuse "validate: cell_end without cell_begin" \
	"daxsim: $out/halfspan/cells/$vg/stream/2/status: corrupt (cell_end without cell_begin)" "$out/halfspan"
vrefuse "validate: takes no FILE" \
	"daxsim: --validate takes -j, --curve, --reclaim-ns and --reclaim-from only: the results give the windows and ranges" \
	"$fx/run" "$data/plain.rec"

# A second guest whose recording is bad: the first guest's lines stay on
# stdout, then one line on stderr, exit 2.
vcopy late
g2=dax-w4M-r2M-stock
mkdir -p "$out/late/cells/$g2/reread/1" "$out/late/guests/$g2"
sed "s/$vg/$g2/; s/^window=.*/window=4194304/" "$out/late/cells/$vg/reread/1/meta" \
	>"$out/late/cells/$g2/reread/1/meta"
cp "$out/late/cells/$vg/reread/1/status" "$out/late/cells/$g2/reread/1/"
cp "$out/late/guests/$vg/daxstat.jsonl" "$out/late/guests/$g2/"
printf '# format=daxrec1\n# granule=2M\n# realtime_offset_ns=1795496400000000000\n100100000000 0:53 1001 x r i fio\n' \
	>"$out/late/guests/$g2/dax.rec"
echo "$g2/reread/1" >>"$out/late/cells.list"
vrun "$out/late"
if [ $vrc -eq 2 ] &&
	[ "$(cat "$out/v.err")" = "daxsim: $out/late/guests/$g2/dax.rec:4: GRANULE is not an unsigned decimal number: 'x'" ] &&
	[ "$(tr -s ' ' <"$out/v.out" | sed -n '4,$p')" = "$R_REREAD
$R_STREAM" ]; then
	ok "validate: bad input after lines keeps them"
else
	bad "validate: bad input after lines keeps them" "exit $vrc, stdout '$(cat "$out/v.out")', stderr '$(cat "$out/v.err")'"
fi

# The recording reader keeps realtime_offset_ns, and refuses a bad one.
refuse_stdin "refuse: realtime_offset_ns not a number" \
	"daxsim: <stdin>:2: realtime_offset_ns must be a whole number of ns, not '12s'" "# format=daxrec1
# realtime_offset_ns=12s
"

# --curve: the predicted hit ratio per workload over windows of one range
# doubling to 4x the guest's 8M. At the guest's own window it is the line's
# prediction worked out above (reread 12/24 = 0.5, stream 4/16 = 0.25).
# One range (2M): the only range is freed by the requeued worker (rule 5)
# between any two references, which are all more than 4 ms apart: no hits.
vrun "$fx/run" -j --curve
curve() { grep "\"type\":\"curve\".*\"workload\":\"$1\",\"window\":$2," "$out/v.out"; }
if [ $vrc -ne 0 ]; then
	bad "validate --curve" "exit $vrc: $(cat "$out/v.err")"
elif [ "$(grep -c '"type":"curve"' "$out/v.out")" -ne 10 ]; then
	bad "validate --curve: 2 workloads x 5 windows (2M..32M)" "$(grep -c '"type":"curve"' "$out/v.out") curve lines"
elif [ "$(field hit_ratio "$(curve reread $((8 * M)))")" != 0.500000 ] ||
	[ "$(field hit_ratio "$(curve stream $((8 * M)))")" != 0.250000 ]; then
	bad "validate --curve: at the guest's window, the lines' predictions" "$(curve '[a-z]*' $((8 * M)))"
elif [ "$(field hit_ratio "$(curve reread $((2 * M)))")" != 0.000000 ]; then
	bad "validate --curve: one range never hits" "$(curve reread $((2 * M)))"
else
	ok "validate --curve"
fi
vrefuse "validate: --curve without -j" "daxsim: --curve goes with --validate DIR -j" "$fx/run" --curve

# The timed worker (rule 10) at 1 s per range, from a reclaim_background
# histogram of 2 ranges in 2 s added to the summary. Times in boot s; busy
# list oldest first; "n" new, "h" hit, "u" upgrade, "i" inline reclaim,
# "f@T" the worker frees the busy head at T.
#   reread/1: 0 n,h  1 n,h  2 n,h  3 n at 101.5: free 0, the run starts,
#     its ranges due at 102.5, 103.5, ...; 3 h.  4 at 102.1: free 0, inline
#     of 1001's lowest, 0 (i); the kick queues a next run; h.  f@102.5
#     frees 1; 5 at 102.5 (after it) takes it: n; h.  busy [2,3,4,5].
#                                         new 6, hits 6, reclaims 2 (1 i)
#   f@103.5 frees 2; 1002:0 at 103.5 takes it (no cell). busy [3,4,5,1002:0]
#   reread/2: 0 at 104.1: free 0, i of 3; h.  f@104.5 frees 4; 1 n; h.
#     2 at 105.1: i of 0 (lowest of 5,0,1); h.  f@105.5 frees 5; 3 n; h.
#     4 at 106.1: i of 1; h.  f@106.5 frees 1002:0; 5 n; h. busy [2,3,4,5]
#                                         new 6, hits 6, reclaims 6 (3 i)
#   f@107.5 frees 2 (interval (107,108], no cell: validate brings the
#     worker up to each interval's end). 108.05: evict 1001: 3,4,5 back,
#     busy [], free 4.
#   stream/1: r0 n  w0 u  f@108.5 frees 1002:0, busy empty: the run ends
#     after 7 ranges; the run queued at 102.1 starts and ends at once (none
#     busy); free 4, no requeue.  w1 n  r1 h  w2 n  w3 n  w4 n at 110.3:
#     free 0, run 3 starts, due 111.3, ...  r4 h.
#                                         new 5, hits 2, upgrades 1, reclaims 1
#   f@111.3 frees 1; w5 at 112.0 takes it, free 0, queues a run (no cell).
#   stream/2: faults never reclaim inline: r0 waits (free 0), the worker
#     goes ahead to f@112.3 (2), r0 n  w0 u  w1 waits for f@113.3 (3), n
#     r1 h  w2 waits, f@114.3 (4), n  w3 waits, f@115.3 (5), n  w4 waits,
#     f@116.3 (0), n  r4 at 115.0 h.      new 5, hits 2, upgrades 1, reclaims 5
# Lines: reread new 12 (-7.7%), reclaims 8 vs 10 (-20.0%), hit 0.5000
# (+4.2pp), tolerance 40.0%: ok; stream new 10 (+0.0%), reclaims 6 vs 8
# (-25.0%), hit 0.2500 (-4.4pp), tolerance 15.0%: OVER reclaims. Exit 1.
# daxsim over the whole recording at 1 s per range: new 24, hits 16,
# upgrades 2, inline 4, background 13 (7 + 6), evicted 3, no free range 9
# (4 inline, 5 waits), waits 5, runs 3.
T_REREAD="reread 8M 2M 2 12 13 -7.7% 8 10 -20.0% 0.5000 0.4583 +4.2pp 40.0% ok"
T_STREAM="stream 8M 2M 2 10 10 +0.0% 6 8 -25.0% 0.2500 0.2941 -4.4pp 15.0% OVER reclaims"
vcopy timed
sed -i '$s/"histograms":{/&"reclaim_background":{"count":2,"sum_ns":2000000000,"buckets":[]},/' \
	"$out/timed/guests/$vg/daxstat.jsonl"
vtable "validate: the timed worker at the guest's worker time" 1 "$out/timed" "max error 25.0 %" \
	"$T_REREAD" "$T_STREAM"
if head -n 1 "$out/v.out" | grep -qF "; worker: timed, per range 1000.000 ms: the worker's mean time per reclaimed range in 1 guest"; then
	ok "validate: the header names the timed worker"
else
	bad "validate: the header names the timed worker" "$(head -n 1 "$out/v.out")"
fi
vrun "$out/timed" -j
g=$(grep '"type":"guest"' "$out/v.out")
if [ "$(field reclaim_ns "$g")" = 1000000000 ] && [ "$(field reclaim_source "$g")" = '"reclaim_background"' ] &&
	[ "$(field worker "$g")" = '"timed"' ] && [ "$(grep -c '"type":"guest"' "$out/v.out")" = 1 ]; then
	ok "validate -j: a guest line with its worker"
else
	bad "validate -j: a guest line with its worker" "$g"
fi
row "validate: the fixture's recording at --reclaim-ns 1s" $((8 * M)) $((2 * M)) \
	"references=42 hits=16 new_mappings=24 upgrades=2 reclaim_background=13 reclaim_inline=4 evicted_ranges=3 no_free_range=9 free_range_waits=5 reclaim_worker_runs=3" \
	--windows 8M --reclaim-ns 1000000000 "$fx/run/guests/$vg/dax.rec"

# --reclaim-ns gives every guest the same time: the fixture as above.
vrun "$fx/run" --reclaim-ns 1000000000
if [ $vrc -eq 1 ] && tr -s ' ' <"$out/v.out" | grep -qxF "$T_STREAM" &&
	head -n 1 "$out/v.out" | grep -qF "; worker: timed, 1000.000 ms per range (--reclaim-ns)"; then
	ok "validate: --reclaim-ns for every guest"
else
	bad "validate: --reclaim-ns for every guest" "exit $vrc: $(cat "$out/v.out" "$out/v.err")"
fi
# --reclaim-ns 0: the instant worker whatever the summary says.
vrun "$out/timed" --reclaim-ns 0
if [ $vrc -eq 0 ] && tr -s ' ' <"$out/v.out" | grep -qxF "$R_STREAM" &&
	head -n 1 "$out/v.out" | grep -qF "; worker: instant (--reclaim-ns 0)"; then
	ok "validate: --reclaim-ns 0 is the instant worker"
else
	bad "validate: --reclaim-ns 0 is the instant worker" "exit $vrc: $(cat "$out/v.out" "$out/v.err")"
fi
# Both histograms: the worker's own time (3 s) by default; with
# --reclaim-from removemapping the mean FUSE_REMOVEMAPPING time per
# request, 4 s / 4 = 1 s: the lines worked out above.
vcopy both
sed -i '$s/"histograms":{/&"removemapping":{"count":4,"sum_ns":4000000000},"reclaim_background":{"count":1,"sum_ns":3000000000},/' \
	"$out/both/guests/$vg/daxstat.jsonl"
vrun "$out/both"
if head -n 1 "$out/v.out" | grep -qF "; worker: timed, per range 3000.000 ms: the worker's mean time per reclaimed range in 1 guest"; then
	ok "validate: the worker's time first"
else
	bad "validate: the worker's time first" "$(head -n 1 "$out/v.out")"
fi
vrun "$out/both" --reclaim-from removemapping
if [ $vrc -eq 1 ] && tr -s ' ' <"$out/v.out" | grep -qxF "$T_REREAD" &&
	tr -s ' ' <"$out/v.out" | grep -qxF "$T_STREAM" &&
	head -n 1 "$out/v.out" | grep -qF "; worker: timed, per range 1000.000 ms: the mean FUSE_REMOVEMAPPING time in 1 guest"; then
	ok "validate: --reclaim-from removemapping"
else
	bad "validate: --reclaim-from removemapping" "exit $vrc: $(cat "$out/v.out" "$out/v.err")"
fi
vcopy badhist
sed -i '$s/"histograms":{/&"removemapping":{"count":3},/' "$out/badhist/guests/$vg/daxstat.jsonl"
vrefuse "validate: a histogram without sum_ns" \
	"daxsim: $out/badhist/guests/$vg/daxstat.jsonl:19: a summary histogram (removemapping or reclaim_background) without a count and sum_ns" \
	"$out/badhist"
vrefuse "validate: --reclaim-from and --reclaim-ns" "daxsim: --reclaim-from or --reclaim-ns, not both" \
	"$fx/run" --reclaim-from worker --reclaim-ns 5
vrefuse "validate: --reclaim-from what" "daxsim: --reclaim-from must be worker or removemapping, not 'x'" \
	"$fx/run" --reclaim-from x
