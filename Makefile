# daxscope: the table of contents. Each target is one script; the scripts
# build what they need (lib/built.sh finds each built thing once per run and
# caches it under ~/.cache/daxscope), so no target lists build steps here.
#
# The README's two commands for a fresh machine: `make bench` and `make test`.

.PHONY: help bench test tune report compare ab power hazards watch build collectors bench-daxstat install deb clean

help:
	@echo "make bench   the main job: boot guests, run the default workloads, write a report"
	@echo "make test    the test suite (ends with 'N passed, N failed')"
	@echo "make tune    window and range size sweeps, with a report"
	@echo "make report RESULTS=results/<run> [OUT=dir]   regenerate a report, booting nothing"
	@echo "make compare A=results/x B=results/y [OUT=dir] [PAIR=\"cfgA=cfgB ...\"]   compare two runs"
	@echo "make ab A=CONFIG B=CONFIG [WORKLOADS=...] [OUT=dir]   two configs interleaved boot by boot, compared (A=B: an A/A test)"
	@echo "make power RESULTS=results/<ab run> A=CONFIG B=CONFIG [EFFECTS=0.1,0.2,...]   the test's power: known slowdowns injected into B"
	@echo "make build   build QEMU/virtiofsd with our patches and the guest image"
	@echo "make collectors   build the eBPF collectors (daxstat)"
	@echo "make bench-daxstat   measure daxstat's overhead in each cost mode (a benchmark)"
	@echo "make install DESTDIR=... PREFIX=...   daxstat, daxtop and the exporter for a production guest"
	@echo "make deb [OUT=dir]   the same as a Debian package (daxscope-tools); prints the .deb's path"
	@echo "make watch [MINUTES=15] [OUT=dir]   two guests watched by a host Prometheus: URL, alerts that fired, dashboard.png"
	@echo "make hazards   truncate, coherence, crash and daemon-death scenarios, each in a fresh guest, with a table"

# The main job (workloads/run-bench.sh) and the suite (tests/run.sh).
# KERNEL=FILE [KERNEL_MODULES=DIR] boots your own guest kernel (bench, tune);
# JOBS="a.fio b.fio" adds your own fio job files to the matrix (bench, tune).
# QEMU=BIN VIRTIOFSD=BIN runs the guests on your own host stack (bench, tune).
USER_KERNEL = $(if $(KERNEL),--kernel "$(KERNEL)") $(if $(KERNEL_MODULES),--kernel-modules "$(KERNEL_MODULES)")
USER_JOBS = $(foreach j,$(JOBS),--job "$(j)")
USER_STACK = $(if $(QEMU),--qemu "$(QEMU)") $(if $(VIRTIOFSD),--virtiofsd "$(VIRTIOFSD)")

bench:
	@workloads/run-bench.sh $(USER_KERNEL) $(USER_JOBS) $(USER_STACK)

test:
	@tests/run.sh

# Window sweep, and range sweep with the patched guest modules.
tune:
	@workloads/run-tune.sh $(USER_KERNEL) $(USER_JOBS) $(USER_STACK)

# A report from stored results only.
report:
	@test -n "$(RESULTS)" || { echo "usage: make report RESULTS=results/<run> [OUT=dir]" >&2; exit 2; }
	@reports/make-report.sh "$(RESULTS)" $(if $(OUT),-o "$(OUT)")

# Two runs side by side: per workload and config, the change from A to B
# and its significance; PAIR pairs configs whose names differ.
compare:
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=results/x B=results/y [OUT=dir] [PAIR=\"A_CONFIG=B_CONFIG ...\"]" >&2; exit 2; }
	@reports/make-compare.sh "$(A)" "$(B)" $(if $(OUT),-o "$(OUT)") $(foreach p,$(PAIR),--pair "$(p)")

# Two configs of the matrix (dax-w64M-r2M-stock, none-stock, ...) in one
# run, their boots alternating, then their compare page; A=B is an A/A test.
ab:
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make ab A=CONFIG B=CONFIG [WORKLOADS=...] [OUT=dir]" >&2; exit 2; }
	@workloads/run-ab.sh "$(A)" "$(B)" $(if $(WORKLOADS),--workloads "$(WORKLOADS)") $(if $(OUT),-o "$(OUT)") $(USER_KERNEL) $(USER_JOBS) $(USER_STACK)

# The power of make ab's test on a stored run (best an A/A one): B made
# slower by each effect, then compared against A as make ab does.
power:
	@test -n "$(RESULTS)" -a -n "$(A)" -a -n "$(B)" || { echo "usage: make power RESULTS=results/<run> A=CONFIG B=CONFIG [EFFECTS=0.05,0.1,...]" >&2; exit 2; }
	@reports/power.sh "$(RESULTS)" "$(A)" "$(B)" $(EFFECTS)

# The hazard scenarios (hazards/scenarios.list), each in a fresh guest,
# with a table in results/hazards-<date>/hazards.md.
hazards:
	@hazards/run-hazards.sh

# Production monitoring on one machine: the package under systemd in two
# guests (one thrashing its window), Debian's Prometheus with the shipped
# rules scraping both; the alerts that fired and the dashboard as a PNG.
watch:
	@watch/run-watch.sh $(if $(MINUTES),--minutes "$(MINUTES)") $(if $(OUT),-o "$(OUT)")

# Build without running anything (the targets above do this themselves).
build:
	@bash -c '. lib/common.sh && ds_resolve qemu image'

collectors:
	@bash -c '. lib/common.sh && ds_resolve collectors'

bench-daxstat:
	@workloads/bench-daxstat.sh

# The DAX tools, the exporter's systemd unit and collectors/contrib for a
# production guest.
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
install:
	@collectors/install.sh "$(DESTDIR)" "$(PREFIX)" "$(SYSCONFDIR)"

# The same as a Debian package (packaging/README.md); default OUT: ~/.cache/daxscope/deb.
deb:
	@packaging/build-deb.sh $(if $(OUT),"$(OUT)")

clean:
	rm -rf results
