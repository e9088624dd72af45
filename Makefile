# Thin wrappers over the npm scripts in package.json; the npm scripts are the source of truth.
#   make run                                   build and start the service (PORT, default 50053)
#   make coverage-core COVERAGE_MIN=80         all tests with coverage, then the libs/ line gate
#   make catalog-docs                          regenerate docs/CAPABILITY_CATALOG.md
#   make workspace-runner-list                 runner image profiles and image names
#   make workspace-runner-build PROFILE=fat TAG=v1
#   make workspace-runner-build-push PROFILE=fat TAG=v1 RUNNER_IMAGE_REGISTRY=registry.example/team

NPM ?= npm
COVERAGE_MIN ?= 80
PROFILE ?= all
TAG ?= dev

.DEFAULT_GOAL := help
.PHONY: help run build test coverage-core catalog-docs \
	workspace-runner-list workspace-runner-build workspace-runner-build-push

help:
	@echo "targets: run build test coverage-core catalog-docs"
	@echo "         workspace-runner-list workspace-runner-build workspace-runner-build-push"
	@echo "variables: COVERAGE_MIN=$(COVERAGE_MIN) PROFILE=$(PROFILE) TAG=$(TAG)"

run:
	$(NPM) start

build:
	$(NPM) run build

test:
	$(NPM) test

coverage-core:
	COVERAGE_MIN=$(COVERAGE_MIN) $(NPM) run coverage-core

catalog-docs:
	$(NPM) run catalog-docs

workspace-runner-list:
	TAG=$(TAG) $(NPM) run runner-images:list

workspace-runner-build:
	PROFILE=$(PROFILE) TAG=$(TAG) $(NPM) run runner-images:build

workspace-runner-build-push:
	PROFILE=$(PROFILE) TAG=$(TAG) $(NPM) run runner-images:build-push
