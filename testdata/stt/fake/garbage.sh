#!/bin/sh
# An engine that prints binary data instead of text.
printf 'RIFF\000\000\000\000WAVEfmt \020\000\000\000\001\000\001\000\200>\000\000'
