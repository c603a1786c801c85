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

// memory is a process's memory at one moment: resident set (VmRSS, what
// the machine must provide) and the Go heap in use.
type memory struct {
	rss  int64 // bytes; 0 where /proc is not available
	heap int64 // bytes of live and not yet swept heap objects
}

func readMemory() memory {
	m := memory{rss: processRSS("/proc/self/status")}
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		m.heap = int64(s[0].Value.Uint64())
	}
	return m
}

// processRSS reads VmRSS from a /proc/PID/status file (0 when it cannot).
func processRSS(status string) int64 {
	b, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if f := bytes.Fields(sc.Bytes()); len(f) == 3 && string(f[0]) == "VmRSS:" {
			if kb, err := strconv.ParseInt(string(f[1]), 10, 64); err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// memorySource reads the memory of the process serving the site, and has
// it release what it can.
type memorySource struct {
	read    func() memory
	release func()
	what    string // whose memory, for the report
}

// selfMemory is this process's memory: client and servers together.
var selfMemory = memorySource{read: readMemory, release: debug.FreeOSMemory, what: "one process: client and servers, so an upper bound"}

// peakMemory samples the memory every interval until stop is called, and
// stop returns the highest resident set and heap seen. With release, it
// first collects garbage and returns free memory to the system, so that a
// target's peak is its own rather than its predecessor's (Go keeps freed
// memory for a while).
func peakMemory(src memorySource, interval time.Duration, release bool) (stop func() memory) {
	if release {
		src.release()
	}
	var (
		mu   sync.Mutex
		peak = src.read()
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
				m := src.read()
				mu.Lock()
				peak.rss, peak.heap = max(peak.rss, m.rss), max(peak.heap, m.heap)
				mu.Unlock()
			}
		}
	})
	return func() memory {
		close(done)
		wg.Wait()
		m := src.read()
		mu.Lock()
		defer mu.Unlock()
		return memory{rss: max(peak.rss, m.rss), heap: max(peak.heap, m.heap)}
	}
}

// reportMemory prints the memory at idle (the demo loaded, before any
// load), the peak under load on each target, and after the run.
func reportMemory(w io.Writer, what string, conns int, idle memory, targets []target, peaks []memory, after memory) {
	fmt.Fprintf(w, "\nmemory (%s):\n", what)
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
