/* SPDX-License-Identifier: GPL-2.0 */
/* daxsim --validate: the model's predictions against what a make tune or
 * make bench run's guests measured with daxstat (README.md, "Validation"). */
#ifndef DAXSIM_VALIDATE_H
#define DAXSIM_VALIDATE_H

#include <stdint.h>

/* Prints the comparison of results directory dir (JSON lines when json;
 * with curve, also each guest's predicted hit-ratio curve, vcurve.h);
 * returns 0 when every line is within its tolerance, 1 when one is over.
 * reclaim_ns: the timed worker's time per range for every guest (0: the
 * instant worker); < 0: each guest's own from its daxstat summary, the
 * worker's mean time per reclaimed range or (without it, or with
 * only_remove) the mean FUSE_REMOVEMAPPING time; the instant worker where
 * the summary has neither.
 * Bad input: one line "daxsim: PATH: what" on stderr, exit(2). */
int validate_run(const char *dir, int json, int curve, int64_t reclaim_ns, int only_remove);

#endif
