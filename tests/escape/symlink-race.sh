#!/bin/bash
. "$(dirname "$0")/lib.sh"
plan 0
