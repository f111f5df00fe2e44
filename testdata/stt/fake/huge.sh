#!/bin/sh
# An engine that prints without end.
exec yes "we we we we we we we we we we we we we we we we we we we we we we we"
