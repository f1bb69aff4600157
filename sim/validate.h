/* SPDX-License-Identifier: GPL-2.0 */
/* daxsim --validate: the model's predictions against what a make tune or
 * make bench run's guests measured with daxstat (README.md, "Validation"). */
#ifndef DAXSIM_VALIDATE_H
#define DAXSIM_VALIDATE_H

/* Prints the comparison of results directory dir (JSON lines when json;
 * with curve, also each guest's predicted hit-ratio curve, vcurve.h);
 * returns 0 when every line is within its tolerance, 1 when one is over.
 * Bad input: one line "daxsim: PATH: what" on stderr, exit(2). */
int validate_run(const char *dir, int json, int curve);

#endif
