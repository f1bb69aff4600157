#!/usr/bin/env bash
# report.html and compare.html in a real browser (Debian's chromium,
# headless), from the committed fixtures: every image of each page loads
# (a script injected into a copy of the page records complete and
# naturalWidth of each <img>; --dump-dom returns the record), and the
# screenshot of each page is not blank (its number of distinct colours). A
# copy of the report with one image missing must be caught, so the probe
# itself is tested. DS_KEEP_SHOTS=DIR keeps the screenshots. Boots nothing.
. "$(dirname "$0")/lib.sh"
ds_need_pkgs chromium imagemagick
fixtures=$DS_ROOT/tests/fixtures

"$DS_ROOT/reports/make-report.sh" "$fixtures/report-run" -o "$T_WORK/report" ||
	fail "no report from the fixture"
"$DS_ROOT/reports/make-compare.sh" "$fixtures/compare-a" "$fixtures/compare-b" -o "$T_WORK/compare" ||
	fail "no comparison from the fixtures"

browse() { # chromium options... (headless, as root, no GPU; quiet)
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
		--no-first-run --user-data-dir="$T_WORK/profile" "$@" 2> "$T_WORK/chromium.log"
}

# images PAGE: "loaded/total" and the sources of broken images, as the page
# sees them after its load event.
images() {
	local page=$1 probe
	probe=$(dirname "$page")/probe-$(basename "$page")
	sed 's|</body>|<script>\
window.addEventListener("load", function () {\
	var im = document.images, ok = 0, bad = [];\
	for (var i = 0; i < im.length; i++)\
		if (im[i].complete \&\& im[i].naturalWidth > 0) ok++; else bad.push(im[i].getAttribute("src"));\
	document.body.setAttribute("data-images", ok + "/" + im.length + (bad.length ? " broken " + bad.join(" ") : ""));\
});\
</script></body>|' "$page" > "$probe"
	browse --allow-file-access-from-files --virtual-time-budget=15000 --dump-dom "file://$probe" |
		sed -n 's/.*data-images="\([^"]*\)".*/\1/p'
	rm -f "$probe"
}

check_page() { # PAGE MIN_IMAGES
	local page=$1 min=$2 got n shot colors
	got=$(images "$page")
	n=$(grep -o '<img ' "$page" | wc -l)
	echo "$(basename "$page"): images loaded $got"
	[ "$n" -ge "$min" ] || fail "$(basename "$page") has $n images, expected at least $min"
	expect_eq "images loaded in $(basename "$page")" "$got" "$n/$n"
	shot=$T_WORK/$(basename "$page" .html).png
	browse --hide-scrollbars --window-size=1280,2400 --screenshot="$shot" "file://$page" > /dev/null
	[ -s "$shot" ] || fail "no screenshot of $(basename "$page"): $(tail -n 3 "$T_WORK/chromium.log")"
	colors=$(identify -format '%k' "$shot")
	echo "$(basename "$page"): screenshot $(identify -format '%wx%h' "$shot"), $colors colours"
	# Text, tables and plots give hundreds; a blank page gives one.
	expect_gt "colours in the screenshot of $(basename "$page")" "$colors" 100
	[ -z "${DS_KEEP_SHOTS:-}" ] || { mkdir -p "$DS_KEEP_SHOTS" && cp "$shot" "$DS_KEEP_SHOTS/"; }
}

check_page "$T_WORK/report/report.html" 6
check_page "$T_WORK/compare/compare.html" 1

# The probe catches a missing image.
rm "$T_WORK/report/iops.svg"
got=$(images "$T_WORK/report/report.html")
[[ $got == *"broken iops.svg"* ]] || fail "a missing image went unnoticed: $got"
echo "missing image caught: $got"
