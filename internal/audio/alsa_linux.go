//go:build linux && cgo

package audio

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>

static void starcoachIgnoreALSAError(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

static void starcoachSilenceALSA(void) { snd_lib_error_set_handler(starcoachIgnoreALSAError); }

static void starcoachRestoreALSA(void) { snd_lib_error_set_handler(NULL); }

static int starcoachOpenMissingPCM(void) {
	snd_pcm_t *pcm;
	int err = snd_pcm_open(&pcm, "starcoach_no_such_pcm", SND_PCM_STREAM_PLAYBACK, SND_PCM_NONBLOCK);
	if (err == 0) {
		snd_pcm_close(pcm);
	}
	// Opening loaded ALSA's configuration into a cache; free it so that the
	// next user reads ALSA_CONFIG_PATH afresh, as PortAudio's Terminate does.
	snd_config_update_free_global();
	return err;
}
*/
import "C"

// silenceALSA stops ALSA printing its complaints on standard error for the
// rest of the process. Its library reports from its own threads at any
// moment ("underrun occurred" on a busy machine), which would break into a
// recording's live line; the complaints are kept for --verbose, where the
// default handler is left in place.
func silenceALSA() { C.starcoachSilenceALSA() }

// restoreALSA puts ALSA's own handler back, which prints on standard error.
func restoreALSA() { C.starcoachRestoreALSA() }

// alsaComplain makes ALSA report an error through its handler, as it does
// when a device misbehaves, for tests of silenceALSA.
func alsaComplain() { C.starcoachOpenMissingPCM() }
