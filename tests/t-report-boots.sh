#!/usr/bin/env bash
# Boots as the unit, in the report and in compare. The committed fixtures
# ran each config's repeats in one guest boot; here copies of them are
# relabelled with boot= (and started=) in their meta and status files, as
# if the runner had spread the repeats over boots: a real run relabelled to
# exercise the boot path. Expectations are worked out here from the cells'
# fio.json (jq) with awk, not by the tools' statistics code:
#  - each repeat a boot of its own: the boot means are the repeats, so the
#    test over boots must give the committed pooled p-values of before (ws-half
#    on dax, 0.034), DAX against cache=none (7x) is significant, and a run
#    against itself is not;
#  - repeats 1 and 2 in one boot, 3 in another: one compare row (mean of
#    boot means, change, Fieller's interval, Welch's p over boot means) and
#    one row of the report's "Where the noise is" (ANOVA by hand), both also
#    computed from a deliberately wrong labelling, which must not match;
#  - boots interleaved or not by their start times, and the wording of a
#    compare of two runs. Boots nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-helpers.sh"
ds_need_pkgs jq
fa=$DS_ROOT/tests/fixtures/compare-a
fb=$DS_ROOT/tests/fixtures/compare-b
cmp_sh=$DS_ROOT/reports/make-compare.sh
rep_sh=$DS_ROOT/reports/make-report.sh

# bw CELL_DIR: MiB/s of the measured jobs (not prep-*), read and write.
bw() {
	jq '[.jobs[] | select(.jobname | startswith("prep") | not) | .read.bw_bytes + .write.bw_bytes]
		| add / 1048576' "$1/fio.json"
}

# values RUN CONFIG WORKLOAD: "boot MiB/s" of each measured cell.
values() {
	local d
	for d in "$1/cells/$2/$3"/*/; do
		grep -q '^status=ok' "$d/status" || continue
		echo "$(sed -n 's/^boot=//p' "$d/meta") $(bw "$d")"
	done
}

# Student's t by hand: the density from lgamma (Stirling after shifting),
# P(|T| >= t) by Simpson's rule over [0, t], the 0.975 quantile by bisection.
T_AWK='
function lgam(x,  s) {
	s = 0
	while (x < 7) { s -= log(x); x++ }
	return s + (x - 0.5) * log(x) - x + 0.5 * log(2 * PI) + 1 / (12 * x) - 1 / (360 * x^3) + 1 / (1260 * x^5)
}
function dens(x, v) { return exp(lgam((v + 1) / 2) - lgam(v / 2) - 0.5 * log(v * PI) - (v + 1) / 2 * log(1 + x * x / v)) }
function pval(t, v,  n, h, s, i) {
	if (t < 0) t = -t
	n = 4000; h = t / n; s = dens(0, v) + dens(t, v)
	for (i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * dens(i * h, v)
	return 1 - 2 * s * h / 3
}
function tq(v,  lo, hi, mid, i) {
	lo = 0; hi = 200
	for (i = 0; i < 50; i++) { mid = (lo + hi) / 2; if (pval(mid, v) > 0.05) lo = mid; else hi = mid }
	return mid
}
BEGIN { PI = 3.141592653589793 }'

# boot_stats: lines "SIDE BOOT VALUE" in; per side its boot means' count k,
# mean m and variance s2 into k[], m[], s2[] (awk text to include).
BOOT_AWK='
{ sum[$1, $2] += $3; cnt[$1, $2]++; if (!(($1, $2) in seen)) { seen[$1, $2] = 1; order[$1, ++nb[$1]] = $2 } }
function side(s,  j, bm, tot, ss) {
	tot = 0
	for (j = 1; j <= nb[s]; j++) tot += sum[s, order[s, j]] / cnt[s, order[s, j]]
	m[s] = tot / nb[s]; k[s] = nb[s]; ss = 0
	for (j = 1; j <= nb[s]; j++) { bm = sum[s, order[s, j]] / cnt[s, order[s, j]]; ss += (bm - m[s])^2 }
	s2[s] = k[s] > 1 ? ss / (k[s] - 1) : 0
}'

# oracle A_RUN B_RUN CONFIG WORKLOAD [B_CONFIG]: "A B change lo hi p" of
# bandwidth, B against A.
oracle() {
	{ values "$1" "$3" "$4" | sed 's/^/A /'; values "$2" "${5:-$3}" "$4" | sed 's/^/B /'; } |
		awk "$T_AWK $BOOT_AWK"'
		END {
			side("A"); side("B")
			va = s2["A"] / k["A"]; vb = s2["B"] / k["B"]
			t = (m["B"] - m["A"]) / sqrt(va + vb)
			df = (va + vb)^2 / (va^2 / (k["A"] - 1) + vb^2 / (k["B"] - 1))
			th = m["B"] / m["A"]; v = vb + th * th * va
			dff = v * v / (vb * vb / (k["B"] - 1) + th^4 * va * va / (k["A"] - 1))
			q = tq(dff); den = m["A"]^2 - q * q * va
			# A mean of A not clearly above 0: the Fieller set is no interval.
			lo = hi = "n/a"
			if (den > 0) {
				root = q * sqrt(m["A"]^2 * vb + m["B"]^2 * va - q * q * va * vb)
				lo = sprintf("%.4f", 100 * ((m["A"] * m["B"] - root) / den - 1))
				hi = sprintf("%.4f", 100 * ((m["A"] * m["B"] + root) / den - 1))
			}
			printf "%.4f %.4f %.4f %s %s %.5f\n", m["A"], m["B"], 100 * (th - 1), lo, hi, pval(t, df)
		}'
}

# page_row MD WORKLOAD CONFIG: "A B change lo hi p" of the bandwidth table.
page_row() {
	awk -v w="$2" -v c="$3" -F' \\| ' '/^## bandwidth/ { on = 1 } /^## IOPS/ { on = 0 }
		on && $1 == "| " w && $2 == c {
			ci = $6; gsub(/%/, "", ci); split(ci, lh, " \\.\\. ")
			if (ci == "n/a") lh[2] = "n/a"
			p = $7; sub(/.*p = /, "", p); sub(/\).*/, "", p)
			ch = $5; sub(/%/, "", ch)
			print $3, $4, ch, lh[1], lh[2], p
		}' "$1"
}

# close WHAT GOT WANT TOLS: each field within its tolerance (the page rounds).
close() {
	awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN {
		n = split(g, a, " "); split(w, b, " "); split(t, e, " ")
		if (n != 6) exit 1
		for (i = 1; i <= n; i++)
			if ((a[i] == "n/a" || b[i] == "n/a") ? a[i] != b[i] : (a[i] - b[i])^2 > e[i]^2) exit 1
	}' || fail "$1: page $2, by hand $3"
}
TOLS="0.051 0.051 0.051 0.051 0.051 0.0006"

# --- Each repeat a boot of its own: boot means are the repeats. ---
cp -r "$fa" "$T_WORK/a1" && relabel "$T_WORK/a1" spread
cp -r "$fb" "$T_WORK/b1" && relabel "$T_WORK/b1" spread
"$cmp_sh" "$T_WORK/a1" "$T_WORK/b1" -o "$T_WORK/c1" > "$T_WORK/c1.out" || fail "compare of the spread runs failed"
r=$(page_row "$T_WORK/c1/compare.md" ws-half dax-w16M-r2M-stock)
echo "spread, ws-half on dax: $r"
[[ $r == *" 0.034" ]] || fail "one repeat per boot should give the pooled test's p = 0.034: $r"
close "spread ws-half" "$r" "$(oracle "$T_WORK/a1" "$T_WORK/b1" dax-w16M-r2M-stock ws-half)" "$TOLS"
grep -q '^44 comparisons .*: 2 significant (0 better, 2 worse), 42 not significant, 0 with too few boots' \
	"$T_WORK/c1/compare.md" || fail "summary of the spread runs: $(sed -n 3p "$T_WORK/c1/compare.md")"
expect_eq "last line of make-compare.sh" "$(tail -n 1 "$T_WORK/c1.out")" "44 comparisons: 2 significant"
expect_eq "first line of make-compare.sh" "$(head -n 1 "$T_WORK/c1.out")" "$T_WORK/c1"
grep -q '^A and B are two runs, one after the other, not interleaved: drift between them .* cannot be separated from a real difference' \
	"$T_WORK/c1/compare.md" || fail "two runs: no statement on drift"

# A known large difference (DAX against cache=none, 7x) over three boots a side.
"$cmp_sh" "$T_WORK/a1" "$T_WORK/a1" -o "$T_WORK/pair" --pair dax-w16M-r2M-stock=none-stock > /dev/null ||
	fail "compare --pair failed"
r=$(grep '^| randread-psync-1f | dax-w16M-r2M-stock -> none-stock |' "$T_WORK/pair/compare.md" | head -n 1)
echo "large difference: $r"
[[ $r == *"| significant, worse (p "* ]] || fail "DAX against cache=none is not significant: $r"
grep -q 'dax-w16M-r2M-stock -> none-stock: interleaved boot by boot (ABABAB)' "$T_WORK/pair/compare.md" ||
	fail "interleaved boots not called so: $(grep 'same run' "$T_WORK/pair/compare.md")"

# A run against itself: identical boots, nothing significant.
"$cmp_sh" "$T_WORK/b1" "$T_WORK/b1" -o "$T_WORK/same" > /dev/null || fail "compare of a run with itself failed"
n=$(grep -c '| not significant (p = 1.000) |$' "$T_WORK/same/compare.md" || true)
expect_gt "rows of a run against itself" "$n" 10
! grep -q '| significant' "$T_WORK/same/compare.md" || fail "a run against itself has a significant change"
grep -q '^A and B are the same run: each config is compared with itself' "$T_WORK/same/compare.md" ||
	fail "a run against itself is not called so"

# --- Repeats 1 and 2 in one boot, 3 in another (unbalanced). ---
cp -r "$fa" "$T_WORK/a2" && relabel "$T_WORK/a2" grouped 1000
cp -r "$fb" "$T_WORK/b2" && relabel "$T_WORK/b2" grouped
"$cmp_sh" "$T_WORK/a2" "$T_WORK/b2" -o "$T_WORK/c2" > /dev/null || fail "compare of the grouped runs failed"
for wl in randread-psync-1f ws-half; do
	r=$(page_row "$T_WORK/c2/compare.md" "$wl" dax-w16M-r2M-stock)
	want=$(oracle "$T_WORK/a2" "$T_WORK/b2" dax-w16M-r2M-stock "$wl")
	echo "grouped, $wl on dax: page $r; by hand $want"
	close "grouped $wl" "$r" "$want" "$TOLS"
done
# compare.json carries the same change at full precision: within the
# oracle's own rounding (4 decimals; p to 5).
json_row() {
	jq -r --arg w "$2" --arg c "$3" '.changes[] | select(.metric == "bandwidth_mib_s" and .workload == $w
		and .config_a == $c) | [.a, .b, .change_pct, .change_ci95_pct[0] // "n/a",
		.change_ci95_pct[1] // "n/a", .p] | map(tostring) | join(" ")' "$1"
}
JTOLS="0.00051 0.00051 0.00051 0.00051 0.00051 0.000006"
for wl in randread-psync-1f ws-half; do
	r=$(json_row "$T_WORK/c2/compare.json" "$wl" dax-w16M-r2M-stock)
	echo "grouped, $wl on dax, compare.json: $r"
	close "compare.json $wl" "$r" "$(oracle "$T_WORK/a2" "$T_WORK/b2" dax-w16M-r2M-stock "$wl")" "$JTOLS"
done
expect_eq "compare.json's tally" "$(jq -r '.tally | "\(.comparisons) \(.significant)"' "$T_WORK/c2/compare.json")" \
	"$(sed -n 's/^\([0-9]*\) comparisons (workload x config x metric) in [0-9]* config pairs\?: \([0-9]*\) significant.*/\1 \2/p' \
		"$T_WORK/c2/compare.md")"
# The oracle tells boots from repeats: pooled (spread) labels give other figures.
wrong=$(oracle "$T_WORK/a1" "$T_WORK/b1" dax-w16M-r2M-stock ws-half)
! (close x "$(page_row "$T_WORK/c2/compare.md" ws-half dax-w16M-r2M-stock)" "$wrong" "$TOLS") 2> /dev/null ||
	fail "the oracle cannot tell boot means from repeats"
"$cmp_sh" "$T_WORK/a2" "$T_WORK/a2" -o "$T_WORK/pair2" --pair dax-w16M-r2M-stock=none-stock > /dev/null ||
	fail "compare --pair of the grouped run failed"
grep -q 'dax-w16M-r2M-stock -> none-stock: not interleaved: one config.s boots all ran before the other.s (AABB)' \
	"$T_WORK/pair2/compare.md" || fail "boots one after the other not called so: $(grep 'same run' "$T_WORK/pair2/compare.md")"

# The report's noise section, ws-half on dax: 2 boots, 1.5 repeats per boot,
# the ANOVA by hand (unbalanced: n0 = (n - sum n_i^2 / n) / (k - 1)).
"$rep_sh" "$T_WORK/a2" -o "$T_WORK/r2" --no-plots > /dev/null || fail "report of the grouped run failed"
md=$T_WORK/r2/summary.md
sed -n '/^## Where the noise is/,/^## /p' "$md"
# Within-boot sum of squares needs the values again: a second awk pass.
ssw() {
	values "$1" dax-w16M-r2M-stock ws-half | awk '{ s[$1] += $2; c[$1]++; v[NR] = $2; b[NR] = $1 }
		END { for (i = 1; i <= NR; i++) { e = v[i] - s[b[i]] / c[b[i]]; t += e * e } printf "%.10f\n", t }'
}
noise_oracle() {
	values "$1" dax-w16M-r2M-stock ws-half | sed 's/^/X /' |
		awk -v ssw_all="$(ssw "$1")" "$BOOT_AWK"'
		END {
			n = 0; tot = 0; sumsq = 0; ssb = 0
			for (j = 1; j <= nb["X"]; j++) { b = order["X", j]; n += cnt["X", b]; tot += sum["X", b] }
			g = tot / n
			for (j = 1; j <= nb["X"]; j++) {
				b = order["X", j]; bm = sum["X", b] / cnt["X", b]
				ssb += cnt["X", b] * (bm - g)^2; sumsq += cnt["X", b]^2
			}
			kb = nb["X"]; msb = ssb / (kb - 1); n0 = (n - sumsq / n) / (kb - 1)
			msw = ssw_all / (n - kb); s2b = (msb - msw) / n0; if (s2b < 0) s2b = 0
			printf "%d %.1f %.4f %.4f %.4f\n", kb, n / kb, sqrt(msw), sqrt(s2b), 100 * msw / (msw + s2b)
		}'
}
noise_row() {
	awk -F' \\| ' '/^## Where the noise is/ { on = 1; next } /^## / { on = 0 }
		on && $1 == "| ws-half" && $2 == "dax-w16M-r2M-stock" {
			sh = $7; sub(/ %.*/, "", sh); print $3, $4, $5, $6, sh }' "$1"
}
got=$(noise_row "$md") want=$(noise_oracle "$T_WORK/a2")
echo "noise, ws-half on dax: page $got; by hand $want"
# nclose WHAT GOT WANT [TOLS]: the page rounds; model.json does not.
nclose() {
	awk -v g="$2" -v w="$3" -v t="${4:-0 0.01 0.051 0.051 0.51}" 'BEGIN {
		n = split(g, a, " "); split(w, b, " "); split(t, e, " ")
		if (n != 5) exit 1
		for (i = 1; i <= n; i++) if ((a[i] - b[i])^2 > e[i]^2) exit 1
	}' || fail "$1: page $2, by hand $3"
}
nclose "noise row" "$got" "$want"
# model.json: the same row unrounded, and the group's mean of boot means.
got=$(jq -r '.noise[] | select(.workload == "ws-half" and .config == "dax-w16M-r2M-stock") |
	"\(.boots) \(.values / .boots) \(.sd_within) \(.sd_between) \(100 * .share_within)"' "$T_WORK/r2/model.json")
echo "noise, ws-half on dax, model.json: $got"
nclose "model.json noise row" "$got" "$want" "0 0.0001 0.00051 0.00051 0.00051"
got=$(jq -r '.groups[] | select(.workload == "ws-half" and .config == "dax-w16M-r2M-stock") |
	.metrics.bandwidth_mib_s | "\(.mean) \(.boots)"' "$T_WORK/r2/model.json")
want=$(values "$T_WORK/a2" dax-w16M-r2M-stock ws-half | sed 's/^/X /' |
	awk "$BOOT_AWK"' END { side("X"); printf "%.6f %d\n", m["X"], k["X"] }')
awk -v g="$got" -v w="$want" 'BEGIN { split(g, a, " "); split(w, b, " ")
	exit !((a[1] - b[1])^2 < 1e-10 && a[2] == b[2]) }' ||
	fail "model.json's mean of boot means: $got, by hand $want"
! (nclose x "$got" "$(noise_oracle "$T_WORK/a1")") 2> /dev/null || fail "the noise oracle cannot tell the labellings apart"

# The recommendation's smallest window as good, in the report fixture with
# each repeat a boot (16M and 32M windows, 2 boots each): on random reads the
# best is 32M, 16M's interval overlaps it; its distance and Fieller's
# interval by hand, and the memory cost where the run measured it.
cp -r "$DS_ROOT/tests/fixtures/report-run" "$T_WORK/rr" && relabel "$T_WORK/rr" spread
echo "16777216 300 dax-w16M-r2M-stock none-stock" > "$T_WORK/rr/window-memory"
"$rep_sh" "$T_WORK/rr" --recommendation > "$T_WORK/rr.md" || fail "no recommendation from the relabelled fixture"
r=$(grep '^| randread-psync-1f | dax |' "$T_WORK/rr.md")
echo "recommendation: $r"
read -r _ _ pct lo hi _ <<< "$(oracle "$T_WORK/rr" "$T_WORK/rr" dax-w32M-r2M-stock randread-psync-1f dax-w16M-r2M-stock)"
want=$(awk -v p="$pct" -v l="$lo" -v h="$hi" 'BEGIN {
	printf "32M; smallest as good: 16M (2M ranges): within %.1f %% of the best (95 %% CI %+.1f %% .. %+.1f %%); 16M window costs 0.3 MiB of guest memory", -p, l, h }')
[[ $r == "| randread-psync-1f | dax | $want | 2M | stock | "* ]] || fail "smallest window as good: expected $want"
# As make tune's test reads it.
grep -q '^| randread-psync-1f | dax | [^|]*window costs [0-9.]* MiB of guest memory |' <<< "$r" ||
	fail "the memory cost is not where t-tune-memory.sh looks"

# --- As the runs were: one boot per config. Nothing can be tested. ---
cp -r "$fa" "$T_WORK/a3" && relabel "$T_WORK/a3" one
"$cmp_sh" "$T_WORK/a3" "$fb" -o "$T_WORK/c3" > /dev/null || fail "compare of a one-boot run failed"
grep -q '^| ws-half | dax-w16M-r2M-stock | .* | n/a | too few boots: 1 and 1 |$' "$T_WORK/c3/compare.md" ||
	fail "one boot a side is not 'too few boots: 1 and 1'"

# Start times missing: the order is not known.
"$cmp_sh" "$fa" "$fa" -o "$T_WORK/pair3" --pair dax-w16M-r2M-stock=none-stock > /dev/null ||
	fail "compare --pair of the fixture failed"
grep -q 'dax-w16M-r2M-stock -> none-stock: not known (cells without start times' "$T_WORK/pair3/compare.md" ||
	fail "missing start times not said"
echo "boots: compare and report agree with the hand computations"
