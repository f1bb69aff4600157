// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the online window estimate (estimate.h). Expected values are
 * worked out by hand from the model's rules (README.md, "The model, rule by
 * rule") in the comment above each check. Prints PASS/FAIL lines; exit 1 on
 * any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "estimate.h"

#define M (1ULL << 20)
#define G (1ULL << 30)
#define US 1000ULL

#include "check.h"

#define CHECK_RATIO(name, e, dev, window, want) do {				\
		char _b[200];							\
		double _r = -1;							\
		int _rc = est_hit_ratio(e, dev, window, &_r);			\
		snprintf(_b, sizeof(_b), "hit ratio at %llu = %.6f (rc %d), expected %.6f", \
			 (unsigned long long)(window), _r, _rc, (double)(want)); \
		check(name, _rc == 0 && fabs(_r - (want)) < 1e-9, _b);		\
	} while (0)

#define CHECK_NEEDED(name, e, dev, target, want_rc, want) do {			\
		char _b[200];							\
		uint64_t _w = 0;						\
		int _rc = est_needed(e, dev, target, &_w);			\
		snprintf(_b, sizeof(_b), "needed(%.2f) = %llu (rc %d), expected %llu (rc %d)", \
			 (double)(target), (unsigned long long)_w, _rc,		\
			 (unsigned long long)(want), want_rc);			\
		check(name, _rc == (want_rc) && (_rc < 0 || _w == (want)), _b); \
	} while (0)

static struct estimator *mk(struct est_config *c)
{
	char err[200];
	struct estimator *e = est_new(c, err, sizeof(err));

	if (!e) {
		printf("FAIL est_new: %s\n", err);
		nfail++;
	}
	return e;
}

/* ranges 0..n-1 of one inode, read by iomap, cycles times, 1 us apart from
 * *t on. Granule 4K, range 2M: granule index r * 512 + an offset that moves,
 * so that the estimator's shift is exercised. */
static void cycle(struct estimator *e, uint64_t *t, uint64_t ino, unsigned n, unsigned cycles)
{
	for (unsigned c = 0; c < cycles; c++)
		for (unsigned r = 0; r < n; r++) {
			*t += US;
			est_ref(e, 0, *t, ino, (uint64_t)r * 512 + (c * 7 + r) % 512, false, false);
		}
}

/*
 * (1) A cyclic scan of N ranges, repeated C times.
 *
 * Windows of fewer than N ranges (W < N): no hits at all. A range r hit in
 * cycle 2 would need r and the N - 1 ranges mapped after it to be mapped at
 * once (ranges leave the busy list oldest first, rules 3 and 5; the only
 * other way out, inline reclaim, rule 7, happens only in a one-range window,
 * which cannot hold two ranges anyway). N > W, so the first re-reference
 * misses, and by induction every one. Worked through for N = 8:
 *  W = 4: threshold max(4*20/100, 1) = 1. Cycle 1 maps 0..3; at 3 free is 0
 *    < 1, the worker frees 0,1,2 (3 in use), busy [3]. 0 misses (freed),
 *    1 misses, 2 takes the last free range: the worker frees 3,0,1, busy [2].
 *    Each time the window fills, all but the newest go: 0 hits.
 *  W = 8: threshold max(160/100, 1) = 1. Cycle 1 maps 0..7; at 7 the worker
 *    frees 0..6. 0..5 miss and at 6 it frees 7,0..5; 7 misses, ...: 0 hits.
 *  W = 1, 2: 0 hits (W < N); in W = 1 each miss after the first reclaims
 *    inline (rule 7), the requeued worker's 4 ms never come in 400 us.
 * Holding N ranges: after the N-th mapping free = W - N, and the worker is
 * kicked when W - N < max(W*20/100, 1) (rule 4). So W must satisfy
 * W - floor(W/5) >= N and W > N:
 *  N = 8: W = 9 (9 - 1 = 8 >= 8; free 1, not < threshold 1). W = 9 and up
 *    map 8 ranges in cycle 1 and hit everything after: hits 8 (C - 1).
 *    Among powers of two the first is 16 ranges = 32M.
 *  N = 100: W = 124 (124 - 24 = 100; W = 123: 123 - 24 = 99 < 100).
 */
static void test_cycle8(void)
{
	/* C = 50: 400 references, 8 * 49 = 392 hits for W >= 9: 0.98. Needed for
	 * any target: the first candidate with a hit ratio > 0, since every
	 * window either hits all re-references or none. Default candidates
	 * 2M..64G (1..32768 ranges) plus the configured 18M (9 ranges). */
	struct est_config c = { .granule = 4096, .configured_window = 18 * M, .min_refs = 1,
				.period_ns = 3600ULL * 1000000000ULL };
	struct estimator *e = mk(&c), *e2;
	uint64_t t = 0;

	if (!e)
		return;
	cycle(e, &t, 5, 8, 50);
	CHECK_RATIO("cycle 8: 1 range, no hits", e, 0, 2 * M, 0);
	CHECK_RATIO("cycle 8: 2 ranges, no hits", e, 0, 4 * M, 0);
	CHECK_RATIO("cycle 8: 4 ranges, no hits", e, 0, 8 * M, 0);
	CHECK_RATIO("cycle 8: 8 ranges, no hits (worker frees all but the newest)", e, 0, 16 * M, 0);
	CHECK_RATIO("cycle 8: 9 ranges hold 8 with the threshold's one free", e, 0, 18 * M, 392.0 / 400);
	CHECK_RATIO("cycle 8: 16 ranges", e, 0, 32 * M, 392.0 / 400);
	CHECK_RATIO("cycle 8: 64G (achievable)", e, 0, 64 * G, 392.0 / 400);
	CHECK_NEEDED("cycle 8: needed for 95% with 18M configured", e, 0, 0.95, 0, 18 * M);
	CHECK_NEEDED("cycle 8: needed for 99% with 18M configured", e, 0, 0.99, 0, 18 * M);
	est_destroy(e);

	/* Powers of two only: 32M. */
	c.configured_window = 0;
	if (!(e2 = mk(&c)))
		return;
	t = 0;
	cycle(e2, &t, 5, 8, 50);
	CHECK_NEEDED("cycle 8: needed for 95%, powers of two", e2, 0, 0.95, 0, 32 * M);
	est_destroy(e2);
}

static void test_cycle100(void)
{
	/*
	 * N = 100, C = 20: 2000 references; W >= 124 hits 100 * 19 = 1900:
	 * 0.95. W = 123 (246M): threshold 24; at the 100th mapping free is 23,
	 * the worker frees the 10 oldest (0..9), free 33. Cycle 2: 0..9 miss
	 * and at 9 free is 23 again: it frees 10..19, which miss next, and so
	 * on: 0 hits, not even partly. Powers of two: 64 ranges < 100 gets 0,
	 * 128 ranges (256M) >= 124 gets 0.95.
	 */
	struct est_config c = { .granule = 4096, .configured_window = 246 * M, .min_refs = 1,
				.period_ns = 3600ULL * 1000000000ULL };
	struct estimator *e = mk(&c);
	uint64_t t = 0;

	if (!e)
		return;
	cycle(e, &t, 9, 100, 20);
	CHECK_RATIO("cycle 100: 123 ranges, one short of the headroom: 0", e, 0, 246 * M, 0);
	CHECK_RATIO("cycle 100: 64 ranges: 0", e, 0, 128 * M, 0);
	CHECK_RATIO("cycle 100: 128 ranges: 0.95", e, 0, 256 * M, 0.95);
	CHECK_NEEDED("cycle 100: needed for 95%, 246M configured", e, 0, 0.95, 0, 256 * M);
	est_destroy(e);

	c.configured_window = 248 * M;
	if (!(e = mk(&c)))
		return;
	t = 0;
	cycle(e, &t, 9, 100, 20);
	CHECK_RATIO("cycle 100: 124 ranges: 0.95", e, 0, 248 * M, 0.95);
	CHECK_NEEDED("cycle 100: needed for 95%, 248M configured", e, 0, 0.95, 0, 248 * M);
	est_destroy(e);
}

/*
 * The span and the carried-over state. Period 1 ms; the 8-range cycle at
 * 1 us steps from t = 1 us: references k = 1..2999 at k us, so k = 1..999 in
 * period 0, 1000..1999 in period 1, 2000..2999 in period 2. In period 2 the
 * span is periods 1 and 2: 2000 references. The 16-range window mapped its 8
 * ranges in k = 1..8 and was not reset, so all 2000 hit: ratio exactly 1
 * (a reset at a period's start would give 1992/2000). 8 ranges: 0 (above).
 * est_tick(3.5 ms): period 3, span periods 2 and 3: k = 2000..2999, 1000
 * references, min_refs 1000 met. est_tick(5 ms): period 5, two periods
 * later, both empty: 0 references, no answer.
 */
static void test_period(void)
{
	struct est_config c = { .granule = 4096, .min_refs = 1000, .period_ns = 1000 * US };
	struct estimator *e = mk(&c);
	struct est_stats s;
	uint64_t t = 0;

	if (!e)
		return;
	cycle(e, &t, 5, 8, 374);	/* k = 1..2992 */
	cycle(e, &t, 5, 7, 1);		/* k = 2993..2999 */
	est_stats(e, 0, &s);
	CHECK_EQ("period: span of periods 1 and 2", s.span_references, 2000);
	CHECK_EQ("period: span starts at period 1", s.span_start_ns, 1000 * US);
	CHECK_RATIO("period: state carried over, all hits", e, 0, 32 * M, 1.0);
	CHECK_RATIO("period: 8 ranges still none", e, 0, 16 * M, 0);
	CHECK_NEEDED("period: needed 32M", e, 0, 0.95, 0, 32 * M);
	est_tick(e, 3500 * US);
	est_stats(e, 0, &s);
	CHECK_EQ("period: tick into period 3", s.span_references, 1000);
	CHECK_NEEDED("period: 1000 references still enough", e, 0, 0.95, 0, 32 * M);
	est_tick(e, 5000 * US);
	CHECK_NEEDED("period: quiet for two periods, no answer", e, 0, 0.95, -1, 0);
	est_destroy(e);
}

/*
 * (4) No answer before min_refs sampled references in the span: min_refs 100
 * and the 8-range cycle: after 99 references none, after 100 the answer
 * (16 ranges hit 92 of 100: 12 cycles of 8 and 4 more, 8 first misses).
 */
static void test_min_refs(void)
{
	struct est_config c = { .granule = 4096, .min_refs = 100 };
	struct estimator *e = mk(&c);
	uint64_t t = 0, w = 0;
	double r;

	if (!e)
		return;
	CHECK_NEEDED("min refs: unknown device", e, 0, 0.95, -1, 0);
	cycle(e, &t, 5, 8, 12);		/* 96 */
	cycle(e, &t, 5, 3, 1);		/* 99 */
	CHECK_NEEDED("min refs: none at 99", e, 0, 0.95, -1, 0);
	CHECK_EQ("min refs: hit ratio none at 99", est_hit_ratio(e, 0, 32 * M, &r), (unsigned long long)-1);
	t += US;
	est_ref(e, 0, t, 5, 3 * 512, false, false);
	CHECK_NEEDED("min refs: answer at 100", e, 0, 0.95, 0, 32 * M);
	CHECK_RATIO("min refs: 92 of 100 at 100", e, 0, 32 * M, 0.92);
	CHECK_EQ("min refs: not a candidate", est_hit_ratio(e, 0, 24 * M, &r), (unsigned long long)-2);
	CHECK_EQ("min refs: bad target", est_needed(e, 0, 1.5, &w), (unsigned long long)-2);
	est_destroy(e);
}

/*
 * (3) Ids: many short-lived inodes. 100000 inodes, each read at 3 ranges and
 * evicted once 16 newer ones are open, so at most 17 are tracked at once:
 * the first 64 ids (and a 128-slot table) are all it ever allocates, though
 * max_inodes is 1000. Then a cap: max_inodes 64 and 100 inodes never evicted
 * with 3 references each: 64 tracked, 36 x 3 = 108 references dropped.
 */
static void test_ids(void)
{
	struct est_config c = { .granule = 4096, .min_refs = 1, .max_inodes = 1000 };
	struct estimator *e = mk(&c);
	struct est_stats s;
	uint64_t t = 0, i;
	unsigned r;

	if (!e)
		return;
	for (i = 0; i < 100000; i++) {
		for (r = 0; r < 3; r++)
			est_ref(e, 0, t += US, 1000 + i, r * 512, r == 1, false);
		if (i >= 16)
			est_evict(e, 0, t += US, 1000 + i - 16);
	}
	est_stats(e, 0, &s);
	CHECK_EQ("ids: 16 tracked at the end", s.inodes, 16);
	CHECK_EQ("ids: 64 ids allocated, not 100000", s.inode_ids, 64);
	CHECK_EQ("ids: table of 128 slots", s.map_slots, 128);
	CHECK_EQ("ids: nothing dropped", s.dropped, 0);
	CHECK_EQ("ids: every reference used", s.references, 300000);
	CHECK_EQ("ids: evictions", s.evictions, 99984);
	est_destroy(e);

	/* A recycled id starts with no ranges: A maps range 0, is evicted, B
	 * gets A's id and reads its own range 0: a miss, 0 hits in 64G. */
	c.max_inodes = 64;
	if (!(e = mk(&c)))
		return;
	est_ref(e, 0, 1 * US, 77, 0, false, false);
	est_evict(e, 0, 2 * US, 77);
	est_ref(e, 0, 3 * US, 78, 0, false, false);
	CHECK_RATIO("ids: recycled id has no ranges", e, 0, 64 * G, 0);
	est_destroy(e);

	if (!(e = mk(&c)))
		return;
	t = 0;
	for (i = 0; i < 100; i++)
		for (r = 0; r < 3; r++)
			est_ref(e, 0, t += US, 5000 + i, r * 512, false, false);
	est_stats(e, 0, &s);
	CHECK_EQ("cap: 64 tracked", s.inodes, 64);
	CHECK_EQ("cap: 108 dropped", s.dropped, 108);
	CHECK_EQ("cap: 192 used", s.references, 192);
	CHECK_EQ("cap: ids stay at 64", s.inode_ids, 64);
	/* Evicting a tracked one makes room for one more. */
	est_evict(e, 0, t += US, 5000);
	CHECK_EQ("cap: room after an eviction", est_ref(e, 0, t += US, 9999, 0, false, false), 0);
	CHECK_EQ("cap: the next new inode dropped again", est_ref(e, 0, t += US, 9998, 0, false, false),
		 (unsigned long long)-1);
	est_destroy(e);
}

/*
 * Models shared by sampled windows. R = 0.01, default candidates 2M..64G:
 * nominal ranges 2^0..2^15, x 0.01 rounded (at least 1): 1 for 1..128
 * ranges (1.28 rounds to 1), then 3, 5, 10, 20, 41, 82, 164, 328 for
 * 256..32768: 9 models, 1+3+5+10+20+41+82+164+328 = 654 simulated ranges.
 */
static void test_shared(void)
{
	struct est_config c = { .granule = 4096, .sample_rate = 0.01 };
	struct estimator *e = mk(&c);
	struct est_stats s;
	const uint32_t *sim;
	const uint64_t *win;
	size_t n;

	if (!e)
		return;
	n = est_windows(e, &win, &sim);
	CHECK_EQ("shared: 16 candidates", n, 16);
	CHECK_EQ("shared: 256M simulated as 1", sim[7], 1);
	CHECK_EQ("shared: 512M simulated as 3", sim[8], 3);
	CHECK_EQ("shared: 64G simulated as 328", sim[15], 328);
	est_ref(e, 0, 1000, 1, 0, false, false);
	est_stats(e, 0, &s);
	CHECK_EQ("shared: 9 models", s.models, 9);
	CHECK_EQ("shared: 654 simulated ranges", s.sim_ranges, 654);
	est_destroy(e);
}

/* The largest candidate reclaiming means it did not hold every range: the
 * 8-range cycle with candidates 2M and 4M (1 and 2 ranges): both 0 hits,
 * needed 2M, returned as a lower bound (1). */
static void test_saturated(void)
{
	uint64_t w[] = { 2 * M, 4 * M };
	struct est_config c = { .granule = 4096, .min_refs = 1, .windows = w, .nwindows = 2 };
	struct estimator *e = mk(&c);
	uint64_t t = 0;

	if (!e)
		return;
	cycle(e, &t, 5, 8, 3);
	CHECK_NEEDED("saturated: largest reclaimed, a lower bound", e, 0, 0.95, 1, 2 * M);
	est_destroy(e);
}

static int refused(const char *name, struct est_config c, const char *want)
{
	char err[200] = "";
	struct estimator *e = est_new(&c, err, sizeof(err));
	char b[400];

	snprintf(b, sizeof(b), "said '%s', expected '%s'", err, want);
	check(name, !e && !strcmp(err, want), b);
	est_destroy(e);
	return 0;
}

static void test_config(void)
{
	refused("config: range not granule x 2^k",
		(struct est_config){ .granule = 4096, .range = 3 * M },
		"range 3M is not the granule 4K times a power of two");
	refused("config: range above the sample unit",
		(struct est_config){ .granule = 4096, .sample_rate = 0.5, .sample_unit = 1 * M },
		"range 2M is larger than the sample unit 1M");
	refused("config: too many simulated ranges",
		(struct est_config){ .granule = 4096, .range = 64 * 1024 },
		"the candidate windows need 2097151 simulated ranges a device, more than "
		"max_sim_ranges 1048576: lower the sample rate or the largest window");
}

/*
 * (2) Sampling. A synthetic stream: 16 inodes x 256 ranges (a universe of
 * 4096 ranges, 8G), a fraction hot of the references to a hot set of the
 * first h ranges of each inode, the rest uniform over the universe, 20 %
 * writes, 10 % faults, random offsets in the range. Fed whole at R = 1 and,
 * to two more estimators, only the references in their sample at R = 0.5
 * and R = 0.1.
 *
 * Bound: within one doubling. At rate R a window of W is simulated as
 * round(R W / range) ranges against the sampled ranges, which are R times
 * the stream's working set up to binomial noise. So the sampled model of W
 * acts like the full model of W (1 + e), with e about 0.5 / (R W / range)
 * (rounding) plus sqrt((1 - R) / (R S)) for a working set of S ranges (5.6 %
 * at S = 640, R = 0.5; 22 % at S = 192, R = 0.1). Where the full curve first reaches the target, W*,
 * the answer is the first candidate >= W*; the sampled one is the first
 * >= W* (1 +- e). With candidates a doubling apart and |e| < 1/2 that is at
 * most one candidate away. (Hit ratio noise moves W* the same way.)
 */
static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void test_sampling_one(unsigned hot_per_ino, double hot, uint64_t seed, size_t nrefs)
{
	static const double rates[] = { 1, 0.5, 0.1 }, targets[] = { 0.9, 0.95, 0.99 };
	struct estimator *e[3] = { 0 };
	size_t i, k;

	for (k = 0; k < 3; k++) {
		struct est_config c = { .granule = 4096, .sample_rate = rates[k] };

		if (!(e[k] = mk(&c)))
			goto out;
	}
	rng_state = seed;
	for (i = 0; i < nrefs; i++) {
		uint64_t x = rnd(), ino, range, gran;
		bool w = (x >> 8) % 10 < 2, f = (x >> 16) % 10 == 0;

		if ((double)(x >> 40) / (double)(1ULL << 24) < hot) {
			uint64_t n = rnd() % (16 * hot_per_ino);

			ino = 100 + n / hot_per_ino;
			range = n % hot_per_ino;
		} else {
			uint64_t n = rnd() % 4096;

			ino = 100 + n / 256;
			range = n % 256;
		}
		gran = range * 512 + (x & 511);
		for (k = 0; k < 3; k++)
			if (est_in_sample(e[k], ino, gran))
				est_ref(e[k], 0, (i + 1) * US, ino, gran, w, f);
	}
	for (i = 0; i < 3; i++) {
		uint64_t w[3] = { 0 };
		int rc[3];
		char name[120], b[200];

		for (k = 0; k < 3; k++)
			rc[k] = est_needed(e[k], 0, targets[i], &w[k]);
		snprintf(b, sizeof(b), "R=1: %llu MiB (rc %d), R=0.5: %llu MiB (rc %d), R=0.1: %llu MiB (rc %d)",
			 (unsigned long long)(w[0] / M), rc[0], (unsigned long long)(w[1] / M), rc[1],
			 (unsigned long long)(w[2] / M), rc[2]);
		printf("  %s\n", b);
		for (k = 1; k < 3; k++) {
			double q = (double)w[k] / (double)w[0];

			snprintf(name, sizeof(name), "sampling: hot %u/inode %.0f%%, target %.2f: R=%.1f within a doubling",
				 hot_per_ino, hot * 100, targets[i], rates[k]);
			check(name, rc[0] == 0 && rc[k] == 0 && q >= 0.5 && q <= 2.0, b);
		}
		/* Not trivially at either end of the candidates. */
		snprintf(name, sizeof(name), "sampling: hot %u/inode %.0f%%, target %.2f: answer inside the range",
			 hot_per_ino, hot * 100, targets[i]);
		check(name, w[0] > 2 * M && w[0] < 64 * G, b);
	}
out:
	for (k = 0; k < 3; k++)
		est_destroy(e[k]);
}

static void test_sampling(void)
{
	test_sampling_one(40, 0.9, 1, 400000);
	test_sampling_one(12, 0.97, 2, 400000);
}

int main(void)
{
	test_cycle8();
	test_cycle100();
	test_period();
	test_min_refs();
	test_ids();
	test_shared();
	test_saturated();
	test_config();
	test_sampling();
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
