package decodetest

import (
	"bytes"
	"encoding/base64"
	"strings"

	"github.com/hamba/avro/v2/ocf"
	"github.com/parquet-go/parquet-go"
)

// base64Lines encodes data as base64 in lines of 76 characters.
func base64Lines(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	b.WriteString(s + "\r\n")
	return b.String()
}

// A Customer is a row of the Parquet and Avro fixtures.
type Customer struct {
	ID      int64   `parquet:"id" avro:"id"`
	Name    string  `parquet:"name" avro:"name"`
	Email   string  `parquet:"email" avro:"email"`
	Address Address `parquet:"address" avro:"address"`
}

// An Address is nested in a Customer.
type Address struct {
	City string `parquet:"city" avro:"city"`
	Zip  string `parquet:"zip" avro:"zip"`
}

// Parquet writes rows as a Parquet file, rowGroup rows per row group.
func Parquet(rows []Customer, rowGroup int64) []byte {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[Customer](&buf, parquet.MaxRowsPerRowGroup(rowGroup))
	if _, err := w.Write(rows); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// avroSchema is the Avro schema of Customer.
const avroSchema = `{"type":"record","name":"Customer","fields":[
 {"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":"string"},
 {"name":"address","type":{"type":"record","name":"Address","fields":[{"name":"city","type":"string"},{"name":"zip","type":"string"}]}}]}`

// Avro writes rows as an Avro object container file, deflated.
func Avro(rows []Customer) []byte {
	var buf bytes.Buffer
	enc, err := ocf.NewEncoder(avroSchema, &buf, ocf.WithCodec(ocf.Deflate), ocf.WithBlockLength(2))
	if err != nil {
		panic(err)
	}
	for _, r := range rows {
		if err := enc.Encode(r); err != nil {
			panic(err)
		}
	}
	if err := enc.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
