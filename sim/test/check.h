/* SPDX-License-Identifier: GPL-2.0 */
/* The C tests' PASS/FAIL lines, which sim/test/run.sh counts. Included by
 * one test program each (its counters are its own). */
#ifndef DAXSIM_TEST_CHECK_H
#define DAXSIM_TEST_CHECK_H

#include <stdio.h>

static int npass, nfail;

static void check(const char *name, int ok, const char *what)
{
	if (ok) {
		npass++;
		printf("PASS %s\n", name);
	} else {
		nfail++;
		printf("FAIL %s: %s\n", name, what);
	}
}

#define CHECK_EQ(name, got, want) do {						\
		char _b[200];							\
		unsigned long long _g = (got), _w = (want);			\
		snprintf(_b, sizeof(_b), "%s = %llu, expected %llu", #got, _g, _w); \
		check(name, _g == _w, _b);					\
	} while (0)

#endif
