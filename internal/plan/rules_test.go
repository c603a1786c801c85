package plan

import (
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

func ms(specs ...Milestone) []Milestone { return specs }

func TestRollUp(t *testing.T) {
	tests := []struct {
		name string
		ms   []Milestone
		want int
	}{
		{"none", nil, 0},
		{"one", ms(Milestone{Progress: 40, Weight: 1}), 40},
		{"plain average", ms(Milestone{Progress: 100, Weight: 1}, Milestone{Progress: 0, Weight: 1}), 50},
		{"weighted", ms(Milestone{Progress: 100, Weight: 3}, Milestone{Progress: 0, Weight: 1}), 75},
		{"zero weight counts as one", ms(Milestone{Progress: 100}, Milestone{Progress: 0}), 50},
		{"withdrawn ignored", ms(Milestone{Progress: 80, Weight: 1}, Milestone{Progress: 0, Weight: 5, Status: Withdrawn}), 80},
		{"all withdrawn", ms(Milestone{Progress: 80, Status: Withdrawn}), 0},
		{"rounds half up", ms(Milestone{Progress: 33}, Milestone{Progress: 34}), 34},
		{"thirds", ms(Milestone{Progress: 100}, Milestone{Progress: 0}, Milestone{Progress: 0}), 33},
		{"clamped", ms(Milestone{Progress: 150}, Milestone{Progress: -20}), 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RollUp(tt.ms); got != tt.want {
				t.Errorf("RollUp = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDeriveStatus(t *testing.T) {
	today := time.Date(2022, 6, 1, 10, 0, 0, 0, time.UTC)
	past := db.NewDate(2022, 1, 31)
	future := db.NewDate(2023, 1, 31)
	tests := []struct {
		name    string
		current Status
		ms      []Milestone
		want    Status
	}{
		{"no milestones keeps current", InProgress, nil, InProgress},
		{"no milestones, nothing recorded", "", nil, NotStarted},
		{"withdrawn stays", Withdrawn, ms(Milestone{Status: Completed, Progress: 100}), Withdrawn},
		{"all completed", InProgress, ms(Milestone{Status: Completed, Progress: 100}, Milestone{Status: Completed, Progress: 100}), Completed},
		{"completed ignoring withdrawn", InProgress, ms(Milestone{Status: Completed, Progress: 100}, Milestone{Status: Withdrawn}), Completed},
		{"nothing started", InProgress, ms(Milestone{Status: NotStarted, EndDate: future}), NotStarted},
		{"one in progress", NotStarted, ms(Milestone{Status: InProgress, Progress: 20, EndDate: future}, Milestone{Status: NotStarted, EndDate: future}), InProgress},
		{"recorded delay", InProgress, ms(Milestone{Status: Delayed, Progress: 20, EndDate: future}), Delayed},
		{"past end date unfinished is delayed", InProgress, ms(Milestone{Status: InProgress, Progress: 60, EndDate: past}, Milestone{Status: Completed, Progress: 100}), Delayed},
		{"past end date but completed", InProgress, ms(Milestone{Status: Completed, Progress: 100, EndDate: past}), Completed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DeriveStatus(tt.current, tt.ms, today); got != tt.want {
				t.Errorf("DeriveStatus = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMilestoneStatus(t *testing.T) {
	today := time.Date(2022, 6, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		m    Milestone
		want Status
	}{
		{"due today is not late", Milestone{Status: InProgress, Progress: 50, EndDate: db.NewDate(2022, 6, 1)}, InProgress},
		{"due yesterday is late", Milestone{Status: InProgress, Progress: 50, EndDate: db.NewDate(2022, 5, 30)}, Delayed},
		{"full progress is complete", Milestone{Status: InProgress, Progress: 100}, Completed},
		{"progress means started", Milestone{Status: NotStarted, Progress: 10}, InProgress},
		{"withdrawn past due stays withdrawn", Milestone{Status: Withdrawn, EndDate: db.NewDate(2020, 1, 1)}, Withdrawn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := MilestoneStatus(tt.m, today); got != tt.want {
				t.Errorf("MilestoneStatus = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	today := time.Date(2022, 6, 1, 10, 0, 0, 0, time.UTC)
	late := Milestone{Status: InProgress, Progress: 50, EndDate: db.NewDate(2022, 5, 1)}
	if !Overdue(late, today) || Overdue(late, time.Time{}) {
		t.Error("a milestone past its end date is overdue, but not without a date")
	}
	if MilestoneStatus(late, time.Time{}) != InProgress {
		t.Error("without a date the recorded status stands")
	}
	done := Milestone{Status: Completed, Progress: 100, EndDate: db.NewDate(2022, 5, 1)}
	if Overdue(done, today) {
		t.Error("a completed milestone is never overdue")
	}
}

func TestOverallAndCounts(t *testing.T) {
	cs := []Commitment{{Status: Completed, Progress: 100}, {Status: InProgress, Progress: 50}, {Status: Withdrawn, Progress: 0}}
	if got := OverallProgress(cs); got != 75 {
		t.Errorf("OverallProgress = %d, want 75", got)
	}
	counts := CountByStatus(cs)
	if counts[Completed] != 1 || counts[InProgress] != 1 || counts[Withdrawn] != 1 || counts[Delayed] != 0 {
		t.Errorf("CountByStatus = %v", counts)
	}
	if len(counts) != len(Statuses) {
		t.Errorf("every status must be present, got %d", len(counts))
	}
}
