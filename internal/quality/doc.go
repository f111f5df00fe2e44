// Package quality estimates whether a transcript can be coached from:
// whether the engine was sure of its words, whether the words read as
// English in their order, whether their number fits the time the speaker
// was measured speaking, and whether a dictionary knows them. A transcript
// that fails is not judged; its timing, which comes from the audio, still
// is.
package quality
