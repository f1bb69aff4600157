// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "output.h"
#include "size.h"

#define U(x) ((unsigned long long)(x))

/* ---- table -------------------------------------------------------------- */

static void table_header(const struct out_info *in)
{
	char g[32];

	printf("daxsim: %s", in->file);
	if (in->dev)
		printf(" (device %s)", in->dev);
	printf(": %llu records (%llu of granules read or written, %llu evictions), %u inodes; granule %s",
	       U(in->records), U(in->references), U(in->evictions), in->inodes,
	       size_fmt(in->granule, g, sizeof(g)));
	if (in->sample_rate < 1)
		printf("; sample rate %g: windows simulated at %g of their ranges, counts x %g",
		       in->sample_rate, in->sample_rate, 1 / in->sample_rate);
	/* The instant worker is the model's default: said only otherwise. */
	if (in->reclaim_ns)
		printf("; worker: timed, %.3f ms per range (--reclaim-ns)", (double)in->reclaim_ns / 1e6);
	printf("\n%8s %6s %8s %10s %10s %10s %9s %9s %9s %9s %8s %9s\n",
	       "WINDOW", "RANGE", "RANGES", "REFS", "HITS", "NEW_MAPS", "UPGRADES",
	       "RECL_BG", "RECL_INL", "EVICTED", "WAITS", "HIT_RATIO");
}

static void table_row(const struct out_row *r)
{
	char w[32], rg[32], hr[16];

	if (r->hit_ratio < 0)
		snprintf(hr, sizeof(hr), "-");
	else
		snprintf(hr, sizeof(hr), "%.4f", r->hit_ratio);
	printf("%8s %6s %8llu %10llu %10llu %10llu %9llu %9llu %9llu %9llu %8llu %9s\n",
	       size_fmt(r->window, w, sizeof(w)), size_fmt(r->range, rg, sizeof(rg)),
	       U(r->ranges), U(r->c.references), U(r->c.hits), U(r->c.new_mappings),
	       U(r->c.upgrades), U(r->c.reclaim_background), U(r->c.reclaim_inline),
	       U(r->c.evicted_ranges), U(r->c.free_range_waits), hr);
}

static void table_summary(const struct out_info *in, const struct out_summary *s, size_t n)
{
	char a[32], b[32];
	size_t i;

	for (i = 0; i < n; i++) {
		printf("range %s: footprint %llu ranges (%s)", size_fmt(s[i].range, a, sizeof(a)),
		       U(s[i].footprint), size_fmt(s[i].footprint * s[i].range, b, sizeof(b)));
		if (!s[i].has_target) {
			printf("; no references\n");
			continue;
		}
		if (s[i].has_knee)
			printf("; knee at window %s (hit ratio %.4f)",
			       size_fmt(s[i].knee_window, a, sizeof(a)), s[i].knee_hit_ratio);
		else
			printf("; no knee");
		printf("\n  achievable hit ratio %.4f (window %s); smallest window reaching %g%% of it: %s",
		       s[i].achievable, size_fmt(s[i].achievable_window, a, sizeof(a)),
		       in->target * 100, size_fmt(s[i].target_window, b, sizeof(b)));
		printf(" (hit ratio %.4f), memory cost %.2f MiB\n", s[i].target_hit_ratio,
		       s[i].target_mib);
	}
}

const struct out_ops out_table = { table_header, table_row, table_summary };

/* ---- JSON lines ------------------------------------------------------------ */

void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void json_header(const struct out_info *in)
{
	(void)in;	/* the summary carries the recording's facts */
}

static void json_row(const struct out_row *r)
{
	printf("{\"type\":\"row\",\"window\":%llu,\"range\":%llu,\"ranges\":%llu,\"sim_ranges\":%u,"
	       "\"references\":%llu,\"hits\":%llu,\"new_mappings\":%llu,\"upgrades\":%llu,"
	       "\"reclaim_background\":%llu,\"reclaim_inline\":%llu,\"evicted_ranges\":%llu,"
	       "\"no_free_range\":%llu,\"free_range_waits\":%llu,\"reclaim_worker_runs\":%llu,",
	       U(r->window), U(r->range), U(r->ranges), r->sim_ranges, U(r->c.references),
	       U(r->c.hits), U(r->c.new_mappings), U(r->c.upgrades), U(r->c.reclaim_background),
	       U(r->c.reclaim_inline), U(r->c.evicted_ranges), U(r->c.no_free_range),
	       U(r->c.free_range_waits), U(r->c.reclaim_worker_runs));
	if (r->hit_ratio < 0)
		printf("\"hit_ratio\":null}\n");
	else
		printf("\"hit_ratio\":%.6f}\n", r->hit_ratio);
}

static void json_summary(const struct out_info *in, const struct out_summary *s, size_t n)
{
	size_t i;

	printf("{\"type\":\"summary\",\"file\":");
	json_str(in->file);
	printf(",\"device\":");
	if (in->dev)
		json_str(in->dev);
	else
		printf("null");
	printf(",\"records\":%llu,\"references\":%llu,\"evictions\":%llu,\"inodes\":%u,"
	       "\"granule\":%llu,\"sample_rate\":%g,\"target\":%g,\"reclaim_ns\":%llu,\"ranges\":[",
	       U(in->records), U(in->references), U(in->evictions), in->inodes, U(in->granule),
	       in->sample_rate, in->target, U(in->reclaim_ns));
	for (i = 0; i < n; i++) {
		printf("%s{\"range\":%llu,\"footprint_ranges\":%llu,", i ? "," : "", U(s[i].range),
		       U(s[i].footprint));
		if (s[i].has_knee)
			printf("\"knee_window\":%llu,\"knee_hit_ratio\":%.6f,", U(s[i].knee_window),
			       s[i].knee_hit_ratio);
		else
			printf("\"knee_window\":null,\"knee_hit_ratio\":null,");
		if (s[i].has_target)
			printf("\"achievable_hit_ratio\":%.6f,\"achievable_window\":%llu,"
			       "\"target_window\":%llu,\"target_hit_ratio\":%.6f,"
			       "\"target_memmap_mib\":%.4f}",
			       s[i].achievable, U(s[i].achievable_window), U(s[i].target_window),
			       s[i].target_hit_ratio, s[i].target_mib);
		else
			printf("\"achievable_hit_ratio\":null,\"achievable_window\":null,"
			       "\"target_window\":null,\"target_hit_ratio\":null,"
			       "\"target_memmap_mib\":null}");
	}
	printf("]}\n");
}

const struct out_ops out_json = { json_header, json_row, json_summary };
