// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <bpf/libbpf.h>

#include "tool.h"

const char *tool_name = "daxscope";
bool tool_verbose;
static sigset_t tool_sigs;

void fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void notice(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
