package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"
)

// memory is the process's memory at one moment: resident set (VmRSS, what
// the machine must provide) and the Go heap in use. Client and servers share
// the process, so the figures include the client's connections and buffers:
// an upper bound for the server alone.
type memory struct {
	rss  int64 // bytes; 0 where /proc is not available
	heap int64 // bytes of live and not yet swept heap objects
}

func readMemory() memory {
	var m memory
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if f := bytes.Fields(sc.Bytes()); len(f) == 3 && string(f[0]) == "VmRSS:" {
				if kb, err := strconv.ParseInt(string(f[1]), 10, 64); err == nil {
					m.rss = kb << 10
				}
			}
		}
	}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		m.heap = int64(s[0].Value.Uint64())
	}
	return m
}

// peakMemory samples the memory every interval until stop is called, and
// stop returns the highest resident set and heap seen. With release, it
// first collects garbage and returns free memory to the system, so that a
// target's peak is its own rather than its predecessor's (Go keeps freed
// memory for a while).
func peakMemory(interval time.Duration, release bool) (stop func() memory) {
	if release {
		debug.FreeOSMemory()
	}
	var (
		mu   sync.Mutex
		peak = readMemory()
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				m := readMemory()
				mu.Lock()
				peak.rss, peak.heap = max(peak.rss, m.rss), max(peak.heap, m.heap)
				mu.Unlock()
			}
		}
	})
	return func() memory {
		close(done)
		wg.Wait()
		m := readMemory()
		mu.Lock()
		defer mu.Unlock()
		return memory{rss: max(peak.rss, m.rss), heap: max(peak.heap, m.heap)}
	}
}

// reportMemory prints the memory at idle (the demo loaded, before any
// load), the peak under load on each target, and after the run.
func reportMemory(w io.Writer, conns int, idle memory, targets []target, peaks []memory, after memory) {
	fmt.Fprintf(w, "\nmemory (one process: client and servers):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "when\tresident (VmRSS)\tGo heap\t")
	row := func(when string, m memory) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", when, mib(m.rss), mib(m.heap))
	}
	row("idle, before the run", idle)
	for i, t := range targets {
		row(fmt.Sprintf("peak, %d connections on %s", conns, t.name), peaks[i])
	}
	row("after the run", after)
	tw.Flush()
}

func mib(n int64) string {
	if n == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
}
