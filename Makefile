# Gongshang (共商). Two commands matter:
#   make run    installs what is missing, builds in release mode, serves http://localhost:3000
#   make test   installs what it needs, then runs every suite, the browser tests included
# Tools are pinned below and installed only when missing or at the wrong version.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

PORT ?= 3000
DATA ?= ./data

CARGO_LEPTOS_VERSION := 0.3.6
CARGO_FUZZ_VERSION := 0.13.2
BINARYEN_VERSION := 132
# The wasm-bindgen CLI must match the library in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print }' Cargo.lock)

CACHE := $(HOME)/.cache/gongshang
TOOLS := $(CACHE)/tools
# Builds live outside the clone so a fresh clone (CI) reuses them; `target` links there.
TARGET_CACHE ?= $(CACHE)/target

export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run build test bench tools browser-tools target-dir fmt-check clippy rust-test e2e clean \
	surreal fuzz leftovers

run: build
	target/release/gongshang serve --addr 127.0.0.1:$(PORT) --data-dir $(DATA) \
		--public-url http://localhost:$(PORT)

build: tools target-dir
	cargo leptos build --release
	@test -x target/release/gongshang

test: tools browser-tools target-dir fmt-check clippy surreal rust-test fuzz build e2e leftovers

# Every process this test run starts carries the marker; `leftovers` fails if one outlives it.
test: export GONGSHANG_TEST_RUN := $(shell date +%s%N)

leftovers:
	.ci/leftovers

# Election day in figures: target/bench/summary.txt (key=value) and report.txt. Needs the
# release server (`build`); takes a few minutes, most of it storing a million ballots. First
# criterion's in-memory counting (report in target/criterion); last Lighthouse's mobile
# profile on the pages residents open most (end2end/lighthouse.mjs, Debian's Chromium).
bench: tools browser-tools target-dir build
	cargo bench -p app --bench count
	cargo bench -p gongshang --bench election_day
	E2E_COMMAND="node lighthouse.mjs" end2end/run.sh
	@cat target/bench/report.txt

target-dir:
	@if [ ! -e target ]; then mkdir -p "$(TARGET_CACHE)" && ln -s "$(TARGET_CACHE)" target; fi

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$" \
		|| cargo install cargo-leptos@$(CARGO_LEPTOS_VERSION) --locked --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" \
		|| cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@[ -x "$(TOOLS)/node_modules/.bin/wasm-opt" ] \
		|| npm install --prefix "$(TOOLS)" --no-audit --no-fund binaryen@$(BINARYEN_VERSION)

browser-tools:
	@command -v chromium >/dev/null \
		|| { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	@command -v curl >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y curl; }
	@[ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ] \
		|| (cd end2end && npm ci --no-audit --no-fund)

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

# The SurrealDB server the remote-mode test runs (server/tests/api/remote.rs); its own workspace.
# About 17 minutes the first time on 2 cores, then cached with the other builds.
surreal: target-dir
	cargo build --manifest-path server/surreal/Cargo.toml --target-dir target/tmp/surreal-server

# cargo-fuzz targets of the decoders (app/fuzz), each for FUZZ_SECONDS from the seeds in
# app/fuzz/seeds; a crash fails the run and leaves its input in app/fuzz/artifacts.
# `make fuzz FUZZ_SECONDS=600` for a longer run. The first build takes about 8 minutes.
FUZZ_SECONDS ?= 20
FUZZ_TARGETS := ballot_form stored_ballot tally_sheet
fuzz: target-dir
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo fuzz --version 2>/dev/null | grep -q " $(CARGO_FUZZ_VERSION)$$" \
		|| cargo install cargo-fuzz@$(CARGO_FUZZ_VERSION) --locked
	for target in $(FUZZ_TARGETS); do \
		mkdir -p app/fuzz/corpus/$$target; \
		cargo +nightly fuzz run --fuzz-dir app/fuzz --target-dir target/fuzz $$target \
			app/fuzz/corpus/$$target app/fuzz/seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 2>&1 | grep -E '^(Done|stat::number_of_executed_units|==|thread)|panicked|SUMMARY|artifact' ; \
		test "$${PIPESTATUS[0]}" = 0; \
	done

rust-test:
	cargo test --workspace
	cargo test -p app --features hydrate

e2e:
	end2end/run.sh

clean:
	cargo clean
