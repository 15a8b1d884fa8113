#!/usr/bin/env bash
# A browser that crashes at start: killed by a signal before it shows anything.
kill -TERM $$
