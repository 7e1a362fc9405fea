#!/bin/bash
. "$(dirname "$0")/../lib/tap.sh"
plan 0
