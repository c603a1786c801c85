package db

// SetListening lets tests wait until a listener listens.
func SetListening(f func()) { listening = f }
