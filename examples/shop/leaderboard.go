package shop

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Leaderboard ranks customers by points earned per day; the weekend board
// is the sum of Saturday and Sunday.
type Leaderboard struct {
	rdb redis.Cmdable
}

// isoWeek names t's ISO week, e.g. "2024-W23".
func isoWeek(t time.Time) string {
	year, week := t.ISOWeek()
	return strconv.Itoa(year) + "-W" + strconv.Itoa(week)
}

// Record adds points to a customer's score on the day board of t
// ("lb:{2024-W23}:sat").
func (l *Leaderboard) Record(ctx context.Context, t time.Time, userID string, points float64) error {
	key := "lb:{" + isoWeek(t) + "}:" + strings.ToLower(t.Weekday().String()[:3])
	return l.rdb.ZIncrBy(ctx, key, points, userID).Err()
}

// BuildWeekendLegacy sums the pre-cluster Saturday and Sunday boards of t's week.
func (l *Leaderboard) BuildWeekendLegacy(ctx context.Context, t time.Time) error {
	w := isoWeek(t)
	sat := "lb:" + w + ":sat"
	sun := "lb:" + w + ":sun"
	dst := "lb:" + w + ":weekend"
	// BUG(crossslot): lb:<week>:sat, lb:<week>:sun and lb:<week>:weekend are untagged and hash to three different slots.
	return l.rdb.ZUnionStore(ctx, dst, &redis.ZStore{Keys: []string{sat, sun}, Aggregate: "SUM"}).Err()
}

// BuildWeekend sums the Saturday and Sunday boards of t's week.
func (l *Leaderboard) BuildWeekend(ctx context.Context, t time.Time) error {
	w := isoWeek(t)
	sat := "lb:{" + w + "}:sat"
	sun := "lb:{" + w + "}:sun"
	dst := "lb:{" + w + "}:weekend"
	// OK(crossslot): all three boards carry the tag {<week>}, so they share one slot.
	return l.rdb.ZUnionStore(ctx, dst, &redis.ZStore{Keys: []string{sat, sun}, Aggregate: "SUM"}).Err()
}
