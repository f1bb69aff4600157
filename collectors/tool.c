// SPDX-License-Identifier: GPL-2.0
#include <argp.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "mounts.h"
#include "probes.h"
#include "tool.h"

const char *tool_name = "daxscope";
bool tool_verbose;
static sigset_t tool_sigs;

static void vnotice(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", tool_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnotice(fmt, ap);
	va_end(ap);
	exit(1);
}

void notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnotice(fmt, ap);
	va_end(ap);
}

/* "[interval [count]]": the positional arguments of every tool. */
void tool_parse_interval(struct argp_state *state, const char *arg, double min_s,
			 double *interval, long *count)
{
	char *end;

	errno = 0;
	if (state->arg_num == 0) {
		*interval = strtod(arg, &end);
		if (errno || *end || !(*interval >= min_s) || *interval > 86400)
			argp_error(state, "invalid interval: %s", arg);
	} else if (state->arg_num == 1) {
		*count = strtol(arg, &end, 10);
		if (errno || *end || *count <= 0)
			argp_error(state, "invalid count: %s", arg);
	} else {
		argp_error(state, "unexpected argument: %s", arg);
	}
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level != LIBBPF_WARN && !tool_verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

void tool_libbpf_setup(void)
{
	libbpf_set_print(libbpf_print);
}

void tool_block_signals(void)
{
	sigemptyset(&tool_sigs);
	sigaddset(&tool_sigs, SIGINT);
	sigaddset(&tool_sigs, SIGTERM);
	sigprocmask(SIG_BLOCK, &tool_sigs, NULL);
}

bool tool_wait(double interval_s)
{
	struct timespec wait;

	wait.tv_sec = (time_t)interval_s;
	wait.tv_nsec = (long)((interval_s - wait.tv_sec) * 1e9);
	return sigtimedwait(&tool_sigs, NULL, &wait) > 0;
}

int tool_start(const struct tool_start *t, int argc, char **argv)
{
	int err;

	tool_name = t->name;
	err = argp_parse(t->argp, argc, argv, 0, NULL, NULL);
	if (err)
		return err;
	tool_libbpf_setup();
	*t->filter_dev = dax_mount_filter(*t->mount);
	probes_need_kernel();
	t->plan(t->probes);
	probes_load_attach(t->probes, t->loader);
	tool_block_signals();
	return 0;
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Until the deadline (mono_now() seconds), with idle work in between; true
 * when SIGINT or SIGTERM came instead. */
static bool wait_until(double deadline, const struct tool_idle *idle)
{
	for (;;) {
		double left = deadline - mono_now();

		if (left <= 0)
			return false;
		if (idle && left > idle->period_s)
			left = idle->period_s;
		if (tool_wait(left))
			return true;
		if (idle)
			idle->fn();
	}
}

void tool_run(double interval_s, long count, struct probes *p, volatile __u32 *stopped,
	      void (*tick)(bool last), const struct tool_idle *idle)
{
	double next = mono_now();
	long ticks = 0;

	for (;;) {
		bool last;

		next += interval_s;
		/* Behind by a whole interval (a stalled machine): start anew
		 * rather than tick in a burst. */
		if (next < mono_now() - interval_s)
			next = mono_now() + interval_s;
		last = wait_until(next, idle) || (count > 0 && ticks + 1 >= count);
		ticks++;
		/* The last read after detaching: it holds every event. */
		if (last)
			probes_detach(p, stopped);
		tick(last);
		if (last)
			break;
	}
}
