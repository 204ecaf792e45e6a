package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-dev/mamori/internal/store"
	"github.com/mamori-dev/mamori/internal/store/storetest"
)

func TestSavedQueries(t *testing.T) {
	storetest.OnEachEngine(t, checkSavedQueries)
}

func checkSavedQueries(t *testing.T, db *store.DB) {
	ctx := t.Context()
	at := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	for _, q := range []store.SavedQuery{
		{Name: "tor", Index: "cloudtrail", Query: "tor:true", CreatedAt: at},
		{Name: "ssn", Index: "s3_objects", Query: "pii_types:us_ssn", CreatedAt: at},
		{Name: "tor", Index: "cloudtrail", Query: "tor:true AND risk:>5", CreatedAt: at.Add(time.Hour)},
	} {
		if err := db.SaveQuery(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.SavedQueries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.SavedQuery{
		{Name: "ssn", Index: "s3_objects", Query: "pii_types:us_ssn", CreatedAt: at},
		{Name: "tor", Index: "cloudtrail", Query: "tor:true AND risk:>5", CreatedAt: at.Add(time.Hour)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SavedQueries mismatch (-want +got):\n%s", diff)
	}
	one, err := db.SavedQuery(ctx, "ssn")
	if err != nil || one != want[0] {
		t.Errorf("SavedQuery(ssn) = %+v, %v; want %+v", one, err, want[0])
	}
	if err := db.DeleteSavedQuery(ctx, "ssn"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SavedQuery(ctx, "ssn"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SavedQuery after delete: %v, want ErrNotFound", err)
	}
	if err := db.DeleteSavedQuery(ctx, "ssn"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("DeleteSavedQuery twice: %v, want ErrNotFound", err)
	}
	if err := db.SaveQuery(ctx, store.SavedQuery{Index: "s3_objects", Query: "*"}); err == nil {
		t.Error("SaveQuery without a name succeeded")
	}
}
