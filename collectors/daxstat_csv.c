// SPDX-License-Identifier: GPL-2.0
/* daxstat -c: a CSV header, a row per interval, then a 'total' row. */
#include <stdio.h>

#include "daxstat_output.h"
#include "output.h"

static void print_csv_header(void)
{
	int c;

	printf("time,interval_s");
	for (c = 0; c < DS_NR_SHOWN; c++)
		printf(",%s", counters[c].name);
	printf(",free_ranges,window_ranges,self_runs,self_ns_per_run,self_cpu_share\n");
}

static void print_csv_row(const char *when, const struct snapshot *d, double secs)
{
	int c;

	printf("%s,%.3f", when, secs);
	for (c = 0; c < DS_NR_SHOWN; c++) {
		if (cnt_avail(c))
			printf(",%llu", (unsigned long long)d->s.cnt[c]);
		else
			printf(",");
	}
	if (gauges_ok(d))
		printf(",%lld,%llu", d->nr_free, d->nr_ranges);
	else
		printf(",,");
	if (!d->cost.enabled)
		printf(",,,\n");
	else if (d->cost.runs)
		printf(",%llu,%.1f,%.9f\n", (unsigned long long)d->cost.runs,
		       (double)d->cost.run_ns / d->cost.runs, selfcost_cpu_share(&d->cost, secs));
	else
		printf(",0,,%.9f\n", selfcost_cpu_share(&d->cost, secs));
	fflush(stdout);
}

static void csv_row(const struct snapshot *d, double secs)
{
	char when[16];

	fmt_hms(&d->ts, when, sizeof(when));
	print_csv_row(when, d, secs);
}

static void csv_total(const struct snapshot *d, double secs)
{
	print_csv_row("total", d, secs);
}

const struct daxstat_output_ops daxstat_csv = {
	.name = "csv",
	.header = print_csv_header,
	.row = csv_row,
	.summary = csv_total,
};
