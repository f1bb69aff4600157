// SPDX-License-Identifier: GPL-2.0
/*
 * What the window estimate costs per sampled reference and in memory: not a
 * test (timings depend on the machine), so run.sh leaves it out. Build and run:
 *
 *   make -C sim OUT=/tmp/ds
 *   cc -std=c11 -O2 -Isim sim/test/bench_estimate.c /tmp/ds/estimate.o \
 *      /tmp/ds/model.o /tmp/ds/curve.o /tmp/ds/record.o /tmp/ds/size.o -lm \
 *      -o /tmp/ds/bench_estimate && /tmp/ds/bench_estimate [NREFS]
 *
 * For each sample rate: one device, the default candidates (2M..64G, 16) plus
 * a configured 3G window, so 17 models at R = 1. The stream is 1e6 references
 * fed to the estimator (already sampled, as the exporter gets them): 80 % to
 * a hot set of 2048 ranges, 20 % uniform over 64 inodes x 1024 ranges (128G,
 * more than the largest window, so even the 64G model keeps reclaiming: the
 * worst case for its cache footprint), 20 % writes, an eviction of a random
 * inode every 10000 references. Prints the best of 3 runs' ns per reference
 * and the heap the estimator holds at the end of a run (glibc's mallinfo2();
 * elsewhere the growth of VmRSS, which misses memory malloc reuses).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "estimate.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* KiB in use: malloc's count where there is one (it sees reused memory). */
static long mem_kib(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	return (long)((mi.uordblks + mi.hblkhd) / 1024);
#else
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			v = strtol(line + 6, NULL, 10);
	fclose(f);
	return v;
#endif
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct refs {
	uint64_t ino, gran;
	uint8_t write, evict;
};

int main(int argc, char **argv)
{
	static const double rates[] = { 1, 0.1, 0.01 };
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000, i;
	struct refs *r = malloc(n * sizeof(*r));
	char err[200];

	if (!r || !n)
		return 1;
	/* The stream, made before timing so that only est_ref() is timed. */
	rng_state = 42;
	for (i = 0; i < n; i++) {
		uint64_t x = rnd(), k = (x >> 40) % 5 ? rnd() % 2048 : rnd() % 65536;

		r[i].ino = 1000 + (k >= 2048 ? k / 1024 : k / 32);
		r[i].gran = (k % 1024) * 512 + (x & 511);
		r[i].write = (x >> 8) % 10 < 2;
		r[i].evict = i % 10000 == 9999;
	}
	printf("%zu references a run, 64 inodes, best of 3 runs\n", n);
	for (size_t k = 0; k < sizeof(rates) / sizeof(rates[0]); k++) {
		struct est_config c = { .granule = 4096, .sample_rate = rates[k],
					.configured_window = 3ULL << 30 };
		double best = 1e30;
		long mem = 0;
		struct est_stats s = { 0 };
		uint64_t need = 0;
		int rc = 0;

		for (int run = 0; run < 3; run++) {
			long before = mem_kib();
			struct estimator *e = est_new(&c, err, sizeof(err));
			double t0, t;

			if (!e) {
				fprintf(stderr, "bench_estimate: %s\n", err);
				return 1;
			}
			t0 = now_s();
			for (i = 0; i < n; i++) {
				uint64_t ns = (i + 1) * 1000;

				if (r[i].evict)
					est_evict(e, 0, ns, r[i].ino);
				else
					est_ref(e, 0, ns, r[i].ino, r[i].gran, r[i].write, false);
			}
			t = now_s() - t0;
			if (t < best)
				best = t;
			mem = mem_kib() - before;
			est_stats(e, 0, &s);
			rc = est_needed(e, 0, 0.95, &need);
			est_destroy(e);
		}
		printf("R=%-5g %2u models %6llu simulated ranges: %7.1f ns/reference, "
		       "%ld KiB, needed(0.95) %llu MiB (rc %d)\n",
		       rates[k], s.models, (unsigned long long)s.sim_ranges, best * 1e9 / (double)n,
		       mem, (unsigned long long)(need >> 20), rc);
	}
	free(r);
	return 0;
}
