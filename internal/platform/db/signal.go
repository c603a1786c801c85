package db

import "sync"

// Signals let a transaction wake, once it has committed, the workers of
// this process that wait for what it wrote (a queued email, a notification
// to send). Other processes sharing the database find the rows when they
// next poll.

type watchers struct {
	mu    sync.Mutex
	chans map[string][]chan struct{}
}

// Signal wakes the watchers of topic after the transaction commits.
func (t *Tx) Signal(topic string) {
	d := t.d
	t.AfterCommit(func() { d.watchers.notify(topic) })
}

// Watch returns a channel that receives a value after a transaction that
// called Signal(topic) commits; signals that arrive while one is pending
// are merged. stop releases the channel.
func (d *DB) Watch(topic string) (c <-chan struct{}, stop func()) {
	ch := make(chan struct{}, 1)
	w := &d.watchers
	w.mu.Lock()
	if w.chans == nil {
		w.chans = map[string][]chan struct{}{}
	}
	w.chans[topic] = append(w.chans[topic], ch)
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		list := w.chans[topic]
		for i, x := range list {
			if x == ch {
				w.chans[topic] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
	}
}

func (w *watchers) notify(topic string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.chans[topic] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
