# contentfarm: every target sets up what it needs, so a fresh clone runs
# `make demo` or `make test` with nothing else installed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
CORPUS ?= $(SHARED)/corpus
SEED ?= 0
BUILD := build

.PHONY: setup demo test test-fast model eval clean java bench-spark

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test,notebooks,bench,spark]"
	touch $(STAMP)

setup: $(STAMP)

# Spark (tests/spark, bench-spark) needs Java 17+. When `java` is missing or
# older it comes from the system's packages: apt, as root or through sudo, with
# no questions asked (man1 is made first: slim Debian images lack it and the
# JRE's postinst fails without it). Without apt, tests/spark skip saying why.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get -q -y
JAVA_MAJOR := java -version 2>&1 | sed -n '1s/[^"]*"\(1\.\)\{0,1\}\([0-9]*\).*/\2/p'
java:
	@[ "$$($(JAVA_MAJOR))" -ge 17 ] 2>/dev/null && exit 0; \
	if ! command -v apt-get >/dev/null || { [ -n "$(SUDO)" ] && ! command -v sudo >/dev/null; }; then \
		echo "make: Spark needs Java 17+; no apt-get (or sudo) to install it, so tests/spark will skip" >&2; exit 0; fi; \
	$(SUDO) mkdir -p /usr/share/man/man1 && $(APT_GET) update && \
	$(APT_GET) install --no-install-recommends default-jre-headless && \
	{ [ "$$($(JAVA_MAJOR))" -ge 17 ] 2>/dev/null || $(APT_GET) install --no-install-recommends openjdk-17-jre-headless; }

## demo: score the sample pages with the shipped model, as a table
demo: setup
	$(BIN)/contentfarm score data/samples --format table

## test: the whole test suite (tests needing ../shared skip without it)
test: setup java
	$(BIN)/python -m pytest -q -ra

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

## model: regenerate the training set from the corpus and retrain models/default
model: setup
	$(BIN)/contentfarm synth --corpus $(CORPUS) -o $(BUILD)/synth --seed $(SEED)
	$(BIN)/contentfarm split $(BUILD)/synth/manifest.csv --seed $(SEED)
	$(BIN)/contentfarm train $(BUILD)/synth/train.csv -o models/default --force --seed $(SEED) \
		--holdout $(BUILD)/synth/eval.csv \
		--description "simulator manifest (seed $(SEED)) over ../shared/corpus: real originals, republications and farm copies; by-site training split"

## eval: by-site CV, leave-one-style-out, FPR on real and wire originals, seeds -> models/default/metrics.json
eval: setup
	test -f $(BUILD)/synth/manifest.csv || $(BIN)/contentfarm synth --corpus $(CORPUS) -o $(BUILD)/synth --seed $(SEED)
	$(BIN)/contentfarm cross-evaluate $(BUILD)/synth/manifest.csv --corpus $(CORPUS) --seeds $(SHARED)/seeds \
		--seed $(SEED) --json-out models/default/metrics.json

.PHONY: report

## report: the HTML evaluation report of models/default on the by-site evaluation split
## (build/report.html), and its ROC/precision-recall figure for the README (docs/report-figure.png)
report: setup
	test -f $(BUILD)/synth/eval.csv || { $(BIN)/contentfarm synth --corpus $(CORPUS) -o $(BUILD)/synth --seed $(SEED) \
		&& $(BIN)/contentfarm split $(BUILD)/synth/manifest.csv --seed $(SEED); }
	$(BIN)/contentfarm evaluate $(BUILD)/synth/eval.csv --model models/default \
		--report $(BUILD)/report.html --figure docs/report-figure.png

clean:
	rm -rf $(BUILD) .pytest_cache

## bench-spark: pages/s of the Spark job in local[1] and local[2] on the same WARC input, and their ratio
bench-spark: setup java
	$(BIN)/python bench/bench_spark.py --corpus $(CORPUS) --json-out $(BUILD)/bench-spark/result.json

.PHONY: eval-provenance bench-index

## eval-provenance: copy-detection precision and recall on simulated copies of real corpus pages, and the
## candidate steps (MinHash LSH, LSH Ensemble, SimHash) and shingle sizes it was chosen against
eval-provenance: setup
	$(BIN)/python -m classifier.provenance.measure --corpus $(CORPUS) --seed $(SEED) --copies 300 --compare \
		--jobs 2 --json-out $(BUILD)/provenance/eval.json

## bench-index: provenance index build rate, query rate and memory at 100k synthetic documents
bench-index: setup
	$(BIN)/python bench/bench_index.py --docs 100000 --queries 2000 --seed $(SEED) --corpus $(CORPUS) \
		--compare-datasketch 20000 --json-out $(BUILD)/bench-index/result.json

.PHONY: fuzz

## fuzz: 10,000 mutated corpus pages and generated ones through parsing and every extractor, under the
## page time budget; prints crashes (must be 0), timeouts and the slowest pages (not part of make test)
fuzz: setup
	$(BIN)/python bench/fuzz.py --pages 10000 --seed $(SEED) --corpus $(CORPUS) --json-out $(BUILD)/fuzz/result.json

.PHONY: bench-fetch

## bench-fetch: score --urls against a local server: URLs/s and peak memory of the process tree, 20k vs 100k URLs
bench-fetch: setup
	$(BIN)/python bench/bench_fetch.py --sizes 20000,100000 --json-out $(BUILD)/bench-fetch/result.json

.PHONY: bench

## bench: pages/s on one core of the bare selectolax floor, features, score (model + reasons) and
## trafilatura on ../shared/corpus; ratios, each extractor's share, peak memory (not part of make test)
bench: setup
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(BIN)/python bench/bench_score.py --corpus $(CORPUS) \
		--json $(BUILD)/bench/results.json
