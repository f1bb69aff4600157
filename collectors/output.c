// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "output.h"

void fmt_hms(const struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;

	localtime_r(&ts->tv_sec, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

void fmt_iso(const struct timespec *ts, char *buf, size_t len)
{
	struct tm tm;
	size_t n;

	gmtime_r(&ts->tv_sec, &tm);
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, len - n, ".%03ldZ", ts->tv_nsec / 1000000);
}

double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (a->tv_sec - b->tv_sec) + (a->tv_nsec - b->tv_nsec) / 1e9;
}

void json_emit(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(stdout);
	json_object_put(o);
}

__u64 log2_count(const __u64 *slot, int nslots)
{
	__u64 n = 0;
	int i;

	for (i = 0; i < nslots; i++)
		n += slot[i];
	return n;
}

void log2_print(const __u64 *slot, int nslots)
{
	int i, first = -1, last = -1, j, stars;
	__u64 max = 0;

	for (i = 0; i < nslots; i++) {
		if (!slot[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (slot[i] > max)
			max = slot[i];
	}
	printf("  %27s : %-10s %s\n", "nsecs", "count", "distribution");
	for (i = first; first >= 0 && i <= last; i++) {
		unsigned long long lo = i ? 1ULL << i : 0;
		unsigned long long hi = i < 63 ? (1ULL << (i + 1)) - 1 : ~0ULL;
		char range[48];

		snprintf(range, sizeof(range), "%llu -> %llu", lo, hi);
		stars = max ? (int)(slot[i] * 40 / max) : 0;
		printf("  %27s : %-10llu |", range, (unsigned long long)slot[i]);
		for (j = 0; j < 40; j++)
			putchar(j < stars ? '*' : ' ');
		printf("|\n");
	}
}

json_object *log2_json(const __u64 *slot, int nslots, __u64 sum_ns)
{
	json_object *jh = json_object_new_object(), *buckets = json_object_new_array();
	int i;

	json_object_object_add(jh, "count", json_object_new_uint64(log2_count(slot, nslots)));
	json_object_object_add(jh, "sum_ns", json_object_new_uint64(sum_ns));
	for (i = 0; i < nslots; i++) {
		json_object *b;

		if (!slot[i])
			continue;
		b = json_object_new_object();
		json_object_object_add(b, "lo_ns", json_object_new_uint64(i ? 1ULL << i : 0));
		json_object_object_add(b, "hi_ns",
				       json_object_new_uint64(i < 63 ? 1ULL << (i + 1) : UINT64_MAX));
		json_object_object_add(b, "count", json_object_new_uint64(slot[i]));
		json_object_array_add(buckets, b);
	}
	json_object_object_add(jh, "buckets", buckets);
	return jh;
}

void log2_prom(FILE *f, const char *name, const char *help, const __u64 *slot, int nslots,
	       __u64 sum_ns)
{
	__u64 cum = 0, n = log2_count(slot, nslots);
	int k, i = 0;

	fprintf(f, "# HELP %s_seconds %s\n# TYPE %s_seconds histogram\n", name, help, name);
	for (k = 10; k <= 36; k++) {
		/* slot i is below 2^k ns when i + 1 <= k */
		for (; i < nslots && i + 1 <= k; i++)
			cum += slot[i];
		fprintf(f, "%s_seconds_bucket{le=\"%.9g\"} %llu\n", name, ldexp(1, k) / 1e9,
			(unsigned long long)cum);
	}
	fprintf(f, "%s_seconds_bucket{le=\"+Inf\"} %llu\n", name, (unsigned long long)n);
	fprintf(f, "%s_seconds_sum %.9f\n", name, sum_ns / 1e9);
	fprintf(f, "%s_seconds_count %llu\n", name, (unsigned long long)n);
}
