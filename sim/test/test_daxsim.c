// SPDX-License-Identifier: GPL-2.0
/*
 * Model-level tests of daxsim: each expected value is worked out by hand in
 * the comment above it. Prints PASS/FAIL lines; exit 1 on any failure.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "curve.h"
#include "model.h"
#include "record.h"
#include "replay.h"
#include "size.h"

#include "check.h"

static uint64_t now;

/* A read ('r') or write ('w') by iomap ('i') or fault ('f'), 1 us apart. */
static void ref(struct model *m, uint32_t ino, uint64_t range, char op, char path)
{
	now += 1000;
	model_ref(m, now, ino, range, op == 'w', path == 'f');
}

static void test_threshold(void)
{
	/* 20 ranges: threshold 20 * 20 / 100 = 4. */
	struct model *m = model_new(20, 1);
	const struct model_counts *c = model_counts(m);
	uint64_t r;

	for (r = 0; r < 16; r++)
		ref(m, 0, r, 'r', 'i');
	/* 16 mapped, free 4: 4 < 4 is false. */
	CHECK_EQ("threshold: no reclaim at free 4", c->reclaim_background, 0);
	CHECK_EQ("threshold: free 4", model_free_ranges(m), 4);
	ref(m, 0, 0, 'r', 'i');		/* a hit: range 0 stays at the busy head */
	ref(m, 0, 16, 'r', 'i');
	/* free 3 < 4: the 10 oldest mappings, ranges 0..9, go; free 13. */
	CHECK_EQ("threshold: a chunk of 10 at free 3", c->reclaim_background, 10);
	CHECK_EQ("threshold: free 13 after the chunk", model_free_ranges(m), 13);
	CHECK_EQ("threshold: one worker run", c->reclaim_worker_runs, 1);
	check("threshold: oldest mappings (0 though hit, 9) reclaimed",
	      !model_is_mapped(m, 0, 0) && !model_is_mapped(m, 0, 9), "still mapped");
	check("threshold: 11th oldest (10) and newest (16) kept",
	      model_is_mapped(m, 0, 10) && model_is_mapped(m, 0, 16), "not mapped");
	model_destroy(m);
}

static void test_threshold_integer(void)
{
	/* 7 ranges: max(7 * 20 / 100, 1) = max(1, 1) = 1 in the kernel's integer
	 * arithmetic; free * 100 < total * 20 would fire at free 1 too. */
	struct model *m = model_new(7, 1);
	const struct model_counts *c = model_counts(m);
	uint64_t r;

	for (r = 0; r < 6; r++)
		ref(m, 0, r, 'r', 'i');
	CHECK_EQ("threshold 7 ranges: none at free 1", c->reclaim_background, 0);
	ref(m, 0, 6, 'r', 'i');
	/* free 0 < 1: 0..5 go, 6 is in use. */
	CHECK_EQ("threshold 7 ranges: 6 at free 0", c->reclaim_background, 6);
	model_destroy(m);
}

static void test_in_use(void)
{
	/* 5 ranges, threshold 1: after the 5th mapping free 0; the worker
	 * frees 0..3 and skips 4, in use by the reference that mapped it. */
	struct model *m = model_new(5, 1);
	const struct model_counts *c = model_counts(m);
	uint64_t r;

	for (r = 0; r < 5; r++)
		ref(m, 0, r, 'r', 'i');
	CHECK_EQ("in use: 4 reclaimed", c->reclaim_background, 4);
	check("in use: range 4 kept", model_is_mapped(m, 0, 4), "range 4 reclaimed");
	ref(m, 0, 4, 'r', 'i');
	CHECK_EQ("in use: range 4 hits", c->hits, 1);
	model_destroy(m);
}

static void test_inline_lowest(void)
{
	/* 3 ranges and a worker that never gets ahead: ino 0 maps 5, 2, 7
	 * (busy list 5, 2, 7). Range 9: no free range, inline reclaim of ino
	 * 0's lowest offset, 2 (the busy head would be 5). */
	struct model *m = model_new(3, 2);
	const struct model_counts *c = model_counts(m);

	model_lazy_worker(m, true);
	ref(m, 0, 5, 'r', 'i');
	ref(m, 0, 2, 'r', 'i');
	ref(m, 0, 7, 'r', 'i');
	ref(m, 0, 9, 'r', 'i');
	CHECK_EQ("inline: one inline reclaim", c->reclaim_inline, 1);
	check("inline: lowest offset (2) taken, 5 kept",
	      !model_is_mapped(m, 0, 2) && model_is_mapped(m, 0, 5), "wrong range taken");
	ref(m, 0, 7, 'r', 'i');		/* hit */
	ref(m, 0, 2, 'r', 'i');		/* miss: lowest of 5, 7, 9 is 5 */
	check("inline: then 5", !model_is_mapped(m, 0, 5) && model_is_mapped(m, 0, 2),
	      "wrong range taken");
	ref(m, 0, 9, 'r', 'i');		/* hit */
	CHECK_EQ("inline: hits", c->hits, 2);
	CHECK_EQ("inline: new mappings", c->new_mappings, 5);
	CHECK_EQ("inline: no background reclaim", c->reclaim_background, 0);
	/* ino 1 has no range to give: it waits, and the worker frees a chunk:
	 * all 3 busy ranges (7, 9, 2), none in use. */
	ref(m, 1, 0, 'r', 'i');
	CHECK_EQ("inline: waits when the inode has none", c->free_range_waits, 1);
	CHECK_EQ("inline: the worker freed all 3", c->reclaim_background, 3);
	CHECK_EQ("inline: 2 left free", model_free_ranges(m), 2);
	model_destroy(m);
}

static void test_fault_waits(void)
{
	/* 2 ranges, lazy worker: ino 0 maps 0 and 1. A fault on range 2 may
	 * not reclaim inline: it waits; the worker frees both. */
	struct model *m = model_new(2, 1);
	const struct model_counts *c = model_counts(m);

	model_lazy_worker(m, true);
	ref(m, 0, 0, 'r', 'i');
	ref(m, 0, 1, 'r', 'i');
	ref(m, 0, 2, 'r', 'f');
	CHECK_EQ("fault: no inline reclaim", c->reclaim_inline, 0);
	CHECK_EQ("fault: waits", c->free_range_waits, 1);
	CHECK_EQ("fault: worker frees 2", c->reclaim_background, 2);
	model_destroy(m);
}

static void test_requeue(void)
{
	/* 1 range: the worker cannot free the range in use and requeues
	 * itself one jiffy later; a reference before that hits, one after
	 * finds the range reclaimed. */
	struct model *m = model_new(1, 1);
	const struct model_counts *c = model_counts(m);

	model_ref(m, 0, 0, 0, false, false);
	model_ref(m, DAX_REQUEUE_NS - 1, 0, 0, false, false);
	CHECK_EQ("requeue: hit before the jiffy", c->hits, 1);
	model_ref(m, DAX_REQUEUE_NS, 0, 0, false, false);
	CHECK_EQ("requeue: reclaimed at the jiffy", c->reclaim_background, 1);
	CHECK_EQ("requeue: so a miss", c->new_mappings, 2);
	model_destroy(m);
}

static void test_upgrade_evict(void)
{
	/* 4 ranges: read 0 (new, read-only), write 0 (upgrade), write 0 (hit). */
	struct model *m = model_new(4, 2);
	const struct model_counts *c = model_counts(m);

	ref(m, 0, 0, 'r', 'i');
	ref(m, 0, 0, 'w', 'i');
	ref(m, 0, 0, 'w', 'f');
	CHECK_EQ("upgrade: one", c->upgrades, 1);
	CHECK_EQ("upgrade: not a new mapping", c->new_mappings, 1);
	CHECK_EQ("upgrade: then a hit", c->hits, 1);
	/* ino 1 maps 0, 1; evicting ino 0 frees its 1 range: free 4 - 3 + 1. */
	ref(m, 1, 0, 'r', 'i');
	ref(m, 1, 1, 'r', 'i');
	model_evict(m, now, 0);
	CHECK_EQ("evict: one range back", c->evicted_ranges, 1);
	CHECK_EQ("evict: free 2", model_free_ranges(m), 2);
	check("evict: other inode kept", model_is_mapped(m, 1, 1), "ino 1 lost range 1");
	model_destroy(m);
}

#define US 1000ULL	/* ns */
#define MS 1000000ULL

/* A reference at t ns: read ('r') or write ('w'), iomap ('i') or fault ('f'). */
static void at(struct model *m, uint64_t t, uint32_t ino, uint64_t range, char op, char path)
{
	model_ref(m, t, ino, range, op == 'w', path == 'f');
}

static void test_timed(void)
{
	/* 4 ranges (threshold 1), ino 0, the worker 1 ms per range, no start
	 * delay (rule 10). Busy list oldest first. */
	struct model *m = model_new(4, 1);
	const struct model_counts *c = model_counts(m);

	model_set_worker_timing(m, 0, 1 * MS);
	at(m, 0, 0, 0, 'r', 'i');
	at(m, 1 * US, 0, 1, 'r', 'i');
	at(m, 2 * US, 0, 2, 'r', 'i');
	/* Range 3 takes the last free range: kicked at 3us, the run starts
	 * at 3us and frees its first range at 1003us. */
	at(m, 3 * US, 0, 3, 'r', 'i');
	/* The instant worker would have freed 0, 1, 2 by now: a hit instead. */
	at(m, 10 * US, 0, 0, 'r', 'i');
	CHECK_EQ("timed: hit while the worker works", c->hits, 1);
	CHECK_EQ("timed: nothing freed before 1003us", c->reclaim_background, 0);
	CHECK_EQ("timed: the run has begun", c->reclaim_worker_runs, 1);
	/* 500us, range 4: free 0 (no_free 1), read/write: inline reclaim of
	 * ino 0's lowest offset, 0. The kick queues the next run (the running
	 * one cleared PENDING). Busy 1,2,3,4. */
	at(m, 500 * US, 0, 4, 'r', 'i');
	CHECK_EQ("timed: inline reclaim while the worker works", c->reclaim_inline, 1);
	check("timed: the lowest offset went", !model_is_mapped(m, 0, 0) &&
	      model_is_mapped(m, 0, 1), "wrong range");
	/* 1003us: range 1 (busy head) freed. 1100us, range 0: a free range;
	 * busy 2,3,4,0, free 0. */
	at(m, 1100 * US, 0, 0, 'r', 'i');
	CHECK_EQ("timed: first range freed at 1003us", c->reclaim_background, 1);
	check("timed: the busy head (1) was it", !model_is_mapped(m, 0, 1), "1 mapped");
	/* 1500us, a fault on range 5: free 0 (no_free 2), no inline reclaim:
	 * waits for the worker's next range, 2 at 2003us, and takes it. Busy
	 * 3,4,0,5. */
	at(m, 1500 * US, 0, 5, 'r', 'f');
	CHECK_EQ("timed: the fault waits", c->free_range_waits, 1);
	CHECK_EQ("timed: the worker advanced to 2003us", c->reclaim_background, 2);
	check("timed: range 2 freed for it", !model_is_mapped(m, 0, 2) &&
	      model_is_mapped(m, 0, 5), "wrong ranges");
	/* 2500us, range 2: free 0 (no_free 3): inline reclaim of the lowest
	 * of 3,4,0,5: 0. Busy 3,4,5,2. The run goes on: 3 at 3003us, 4, 5,
	 * and 2 at 6003us; the busy list is empty, the run ends after 6 of its
	 * 10. The kick at 500us queued a second run: at 6003us, finding
	 * nothing busy, it ends at once; free 4 >= 1, no requeue. */
	at(m, 2500 * US, 0, 2, 'r', 'i');
	/* 10ms, range 3: a miss; free 4 -> 3, no kick. 10 references, one
	 * hit (10us), 9 new mappings. */
	at(m, 10 * MS, 0, 3, 'r', 'i');
	CHECK_EQ("timed: references", c->references, 10);
	CHECK_EQ("timed: hits", c->hits, 1);
	CHECK_EQ("timed: new mappings", c->new_mappings, 9);
	CHECK_EQ("timed: inline reclaims", c->reclaim_inline, 2);
	CHECK_EQ("timed: background reclaims", c->reclaim_background, 6);
	CHECK_EQ("timed: no free range", c->no_free_range, 3);
	CHECK_EQ("timed: waits", c->free_range_waits, 1);
	CHECK_EQ("timed: runs", c->reclaim_worker_runs, 2);
	CHECK_EQ("timed: free at the end", model_free_ranges(m), 3);
	model_destroy(m);
}

static void test_timed_chunk_requeue(void)
{
	/* 60 ranges: threshold 60 * 20 / 100 = 12. The worker starts 10 ms
	 * after its kick and takes 1us per range. Ranges 0..59 at 1..60us:
	 * the 49th mapping (range 48, 49us) leaves free 11 < 12: queued at
	 * 49us, the run starts at 10.049 ms. */
	struct model *m = model_new(60, 1);
	const struct model_counts *c = model_counts(m);
	uint64_t r;

	model_set_worker_timing(m, 10 * MS, 1 * US);
	for (r = 0; r < 60; r++)
		at(m, (r + 1) * US, 0, r, 'r', 'i');
	at(m, 5 * MS, 0, 0, 'r', 'i');
	CHECK_EQ("timed chunk: a hit before the start delay", c->hits, 1);
	CHECK_EQ("timed chunk: no run yet", c->reclaim_worker_runs, 0);
	/* The run frees 0..9 at 10.050..10.059 ms: a chunk of 10. free 10 <
	 * 12: requeued at 10.059 + 4 = 14.059 ms, so it starts at 24.059 ms.
	 * At 20 ms range 0 misses (free 10 -> 9), range 10 hits. */
	at(m, 20 * MS, 0, 0, 'r', 'i');
	at(m, 20 * MS + 1 * US, 0, 10, 'r', 'i');
	CHECK_EQ("timed chunk: one chunk of 10", c->reclaim_background, 10);
	CHECK_EQ("timed chunk: one run", c->reclaim_worker_runs, 1);
	CHECK_EQ("timed chunk: range 10 kept (hit)", c->hits, 2);
	/* The requeued run frees 10..19 from 24.060 ms; free 19 >= 12, no
	 * more. At 30 ms range 10 misses: free 18. */
	at(m, 30 * MS, 0, 10, 'r', 'i');
	CHECK_EQ("timed chunk: requeued run's chunk", c->reclaim_background, 20);
	CHECK_EQ("timed chunk: two runs", c->reclaim_worker_runs, 2);
	CHECK_EQ("timed chunk: new mappings", c->new_mappings, 62);
	CHECK_EQ("timed chunk: free", model_free_ranges(m), 18);
	model_destroy(m);
}

static void test_timed_evict(void)
{
	/* 4 ranges, 1 ms per range: ino 0 maps 0, 1, ino 1 maps 0, 1 at
	 * 1..4us; free 0, the run starts at 4us. At 500us ino 0 is evicted:
	 * busy 1:0, 1:1, free 2. The run frees what is at the busy head when
	 * each range is due: 1:0 at 1004us, 1:1 at 2004us, then finds nothing
	 * busy and ends after 2 of its 10. */
	struct model *m = model_new(4, 2);
	const struct model_counts *c = model_counts(m);

	model_set_worker_timing(m, 0, 1 * MS);
	at(m, 1 * US, 0, 0, 'r', 'i');
	at(m, 2 * US, 0, 1, 'r', 'i');
	at(m, 3 * US, 1, 0, 'r', 'i');
	at(m, 4 * US, 1, 1, 'r', 'i');
	model_evict(m, 500 * US, 0);
	CHECK_EQ("timed evict: 2 evicted", c->evicted_ranges, 2);
	at(m, 1500 * US, 1, 1, 'r', 'i');	/* hit: not yet freed */
	at(m, 3 * MS, 1, 1, 'r', 'i');		/* freed at 2004us: miss */
	CHECK_EQ("timed evict: hit before its turn", c->hits, 1);
	CHECK_EQ("timed evict: the run freed 2", c->reclaim_background, 2);
	CHECK_EQ("timed evict: one run", c->reclaim_worker_runs, 1);
	CHECK_EQ("timed evict: new mappings", c->new_mappings, 5);
	CHECK_EQ("timed evict: free", model_free_ranges(m), 3);
	/* Sampled at 0.5, a simulated range stands for two: 1500 ns each
	 * becomes 3000 ns. */
	CHECK_EQ("timed: per range / sample rate", replay_reclaim_ns(1500, 0.5), 3000);
	model_destroy(m);
}

static void test_hash(void)
{
	/* The vectors in README.md (and an independent Python version). */
	CHECK_EQ("hash (0, 0)", daxrec_hash(0, 0), 0x0397ab29740681d9ULL);
	CHECK_EQ("hash (1, 0)", daxrec_hash(1, 0), 0xddc1ed05282d1d64ULL);
	CHECK_EQ("hash (0, 1)", daxrec_hash(0, 1), 0x4870e329627082a1ULL);
	check("keep: 0.5 keeps 1059566", daxrec_keep(daxrec_hash(100, 0), 0.5), "dropped");
	check("keep: 0.5 drops 15284541", !daxrec_keep(daxrec_hash(100, 1), 0.5), "kept");
	check("keep: 1 keeps all", daxrec_keep(0xffffffffffffffffULL, 1.0), "dropped");
}

static void test_curve(void)
{
	/* Slopes per doubling 0.1, 0.6, 0.05, 0.01; second differences at
	 * 32M +0.5, 64M -0.55, 128M -0.04: knee at 64M (index 2). 95% of 0.86
	 * is 0.817: first reached at 128M (0.85), costing 128M / 4096 * 64 =
	 * 2 MiB. */
	struct curve_pt p[] = {
		{ 16 << 20, 0.1 }, { 32 << 20, 0.2 }, { 64 << 20, 0.8 },
		{ 128 << 20, 0.85 }, { 256 << 20, 0.86 },
	};
	struct curve_pt flat[] = { { 1 << 21, 0.5 }, { 1 << 22, 0.5 }, { 1 << 23, 0.5 } };

	CHECK_EQ("curve: knee", curve_knee(p, 5), 2);
	CHECK_EQ("curve: target 0.95", curve_target(p, 5, 0.95), 3);
	check("curve: 128M costs 2 MiB", fabs(window_memmap_mib(128 << 20) - 2.0) < 1e-9, "not 2");
	CHECK_EQ("curve: no knee when flat", (unsigned long long)(curve_knee(flat, 3) + 1), 0);
	CHECK_EQ("curve: no knee with 2 points", (unsigned long long)(curve_knee(p, 2) + 1), 0);
}

static void test_size(void)
{
	uint64_t v = 0;
	char b[32];

	check("size: 2M", !size_parse("2M", &v) && v == 2097152, "not 2097152");
	check("size: 1g", !size_parse("1g", &v) && v == 1ULL << 30, "not 1G");
	check("size: junk refused", size_parse("3Q", &v) && size_parse("", &v) &&
	      size_parse("0", &v) && size_parse("-1M", &v) &&
	      size_parse("99999999999999999999", &v), "accepted");
	check("size: format", !strcmp(size_fmt(64ULL << 20, b, sizeof(b)), "64M") &&
	      !strcmp(size_fmt(3 << 10, b, sizeof(b)), "3K") &&
	      !strcmp(size_fmt(1000, b, sizeof(b)), "1000"), b);
}

int main(void)
{
	test_threshold();
	test_threshold_integer();
	test_in_use();
	test_inline_lowest();
	test_fault_waits();
	test_requeue();
	test_upgrade_evict();
	test_timed();
	test_timed_chunk_requeue();
	test_timed_evict();
	test_hash();
	test_curve();
	test_size();
	printf("test_daxsim: %d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
