# daxscope: the README's two commands are `make bench` and `make test`.
# Everything heavy is cached under ~/.cache/daxscope by the scripts below.

.PHONY: all build qemu image test bench clean help

all: build

help:
	@echo "make bench   build what is missing, boot guests, run the default workloads, write a report"
	@echo "make tune    window and range size sweeps, with a report"
	@echo "make report RESULTS=results/<run> [OUT=dir]   regenerate a report, booting nothing"
	@echo "make test    build what is missing and run the test suite (ends with 'N passed, N failed')"
	@echo "make build   build QEMU/virtiofsd with our patches and the guest image"

build: qemu image

qemu:
	@vm/build-qemu.sh >/dev/null

image:
	@vm/build-image.sh >/dev/null

test: build
	@tests/run.sh

bench: build
	@workloads/run-bench.sh

clean:
	rm -rf results

# ---- eBPF collectors (issue 5) ------------------------------------------
# `make collectors` builds daxstat into ~/.cache/daxscope/collectors;
# `make bench-daxstat` measures its overhead on DAX hits (not a test).
.PHONY: collectors bench-daxstat
collectors: image
	@collectors/build.sh >/dev/null

bench-daxstat: build collectors
	@workloads/bench-daxstat.sh

# `make install DESTDIR=... PREFIX=...`: the DAX tools, the exporter's
# systemd unit and collectors/contrib for a production guest.
.PHONY: install
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
install:
	@collectors/install.sh "$(DESTDIR)" "$(PREFIX)" "$(SYSCONFDIR)"

# ---- sweeps and reports (issue 6) ---------------------------------------
# `make tune` sweeps window and range sizes (workloads/run-tune.sh);
# `make report RESULTS=dir` rebuilds a report from stored results only.
.PHONY: tune report
tune: build
	@workloads/run-tune.sh

report:
	@test -n "$(RESULTS)" || { echo "usage: make report RESULTS=results/<run> [OUT=dir]" >&2; exit 2; }
	@reports/make-report.sh "$(RESULTS)" $(if $(OUT),-o "$(OUT)")
