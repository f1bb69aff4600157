// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "selfcost.h"
#include "tool.h"

static int stats_fd = -1;

void selfcost_enable(void)
{
	/* The kernel keeps the statistics on while this fd is open: they
	 * cost every BPF program on the system two clock reads per run. */
	stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats_fd < 0)
		notice("cannot enable BPF run-time statistics (%s): own cost unavailable",
		       strerror(errno));
}

void selfcost_read(const struct probes *p, struct self_cost *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->enabled = stats_fd >= 0;
	clock_gettime(CLOCK_MONOTONIC, &c->ts);
	for (i = 0; i < p->nprogs; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		struct prog_cost *pc = &c->prog[c->n++];

		pc->name = bpf_program__name(p->progs[i]);
		if (bpf_obj_get_info_by_fd(bpf_program__fd(p->progs[i]), &info, &len))
			continue;
		pc->runs = info.run_cnt;
		pc->run_ns = info.run_time_ns;
		pc->misses = info.recursion_misses;
		c->runs += pc->runs;
		c->run_ns += pc->run_ns;
		c->misses += pc->misses;
	}
}

void selfcost_delta(const struct self_cost *cur, const struct self_cost *prev,
		    struct self_cost *d)
{
	int i;

	*d = *cur;
	for (i = 0; i < d->n && i < prev->n; i++) {
		d->prog[i].runs -= prev->prog[i].runs;
		d->prog[i].run_ns -= prev->prog[i].run_ns;
		d->prog[i].misses -= prev->prog[i].misses;
	}
	d->runs -= prev->runs;
	d->run_ns -= prev->run_ns;
	d->misses -= prev->misses;
}

double selfcost_cpu_share(const struct self_cost *d, double secs)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (secs <= 0 || ncpu <= 0)
		return 0;
	return d->run_ns / 1e9 / secs / ncpu;
}

static double ns_per_run(__u64 ns, __u64 runs)
{
	return runs ? (double)ns / runs : 0;
}

void selfcost_print(const struct self_cost *d, double secs)
{
	int i;

	if (!d->enabled) {
		printf("\nown cost: -\n");
		return;
	}
	printf("\nown cost (BPF run-time statistics): %llu runs, %.0f ns per run, "
	       "%.4f%% of all CPUs\n", (unsigned long long)d->runs, ns_per_run(d->run_ns, d->runs),
	       100 * selfcost_cpu_share(d, secs));
	printf("  %-28s %12s %12s\n", "program", "runs", "ns/run");
	for (i = 0; i < d->n; i++) {
		const struct prog_cost *pc = &d->prog[i];

		if (pc->runs)
			printf("  %-28s %12llu %12.0f\n", pc->name, (unsigned long long)pc->runs,
			       ns_per_run(pc->run_ns, pc->runs));
		else
			printf("  %-28s %12d %12s\n", pc->name, 0, "-");
	}
}

json_object *selfcost_json(const struct self_cost *d, double secs)
{
	json_object *o, *progs;
	char buf[32];
	int i;

	if (!d->enabled)
		return NULL;
	o = json_object_new_object();
	progs = json_object_new_array();
	json_object_object_add(o, "runs", json_object_new_uint64(d->runs));
	json_object_object_add(o, "run_ns", json_object_new_uint64(d->run_ns));
	json_object_object_add(o, "ns_per_run", d->runs ?
			       json_object_new_double(ns_per_run(d->run_ns, d->runs)) : NULL);
	/* Small fractions: more digits than the tool's default for doubles. */
	snprintf(buf, sizeof(buf), "%.9f", selfcost_cpu_share(d, secs));
	json_object_object_add(o, "cpu_share",
			       json_object_new_double_s(selfcost_cpu_share(d, secs), buf));
	for (i = 0; i < d->n; i++) {
		const struct prog_cost *pc = &d->prog[i];
		json_object *p = json_object_new_object();

		json_object_object_add(p, "name", json_object_new_string(pc->name));
		json_object_object_add(p, "runs", json_object_new_uint64(pc->runs));
		json_object_object_add(p, "run_ns", json_object_new_uint64(pc->run_ns));
		/* No runs, no price per run: null, not 0. */
		json_object_object_add(p, "ns_per_run", pc->runs ?
				       json_object_new_double(ns_per_run(pc->run_ns, pc->runs)) : NULL);
		json_object_array_add(progs, p);
	}
	json_object_object_add(o, "programs", progs);
	return o;
}

void selfcost_prom(FILE *f, const char *prefix, const struct self_cost *total, double secs)
{
	int i;

	if (!total->enabled)
		return;
	fprintf(f, "# HELP %s_program_runs BPF program runs since the tool started\n"
		"# TYPE %s_program_runs gauge\n", prefix, prefix);
	for (i = 0; i < total->n; i++)
		fprintf(f, "%s_program_runs{program=\"%s\"} %llu\n", prefix, total->prog[i].name,
			(unsigned long long)total->prog[i].runs);
	fprintf(f, "# HELP %s_program_run_seconds CPU time of the BPF program since the tool "
		"started\n# TYPE %s_program_run_seconds gauge\n", prefix, prefix);
	for (i = 0; i < total->n; i++)
		fprintf(f, "%s_program_run_seconds{program=\"%s\"} %.9f\n", prefix,
			total->prog[i].name, total->prog[i].run_ns / 1e9);
	fprintf(f, "# HELP %s_program_average_run_seconds Average run time of the BPF program "
		"(absent before its first run)\n# TYPE %s_program_average_run_seconds gauge\n",
		prefix, prefix);
	for (i = 0; i < total->n; i++)
		if (total->prog[i].runs)
			fprintf(f, "%s_program_average_run_seconds{program=\"%s\"} %.12f\n", prefix,
				total->prog[i].name,
				ns_per_run(total->prog[i].run_ns, total->prog[i].runs) / 1e9);
	fprintf(f, "# HELP %s_cpu_share Share of all CPUs used by the tool's BPF programs "
		"since it started\n# TYPE %s_cpu_share gauge\n%s_cpu_share %.9f\n", prefix, prefix,
		prefix, selfcost_cpu_share(total, secs));
}
