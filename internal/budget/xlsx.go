package budget

import (
	"bytes"
	"io"

	"github.com/xuri/excelize/v2"
)

// XLSX: the finance departments keep their budgets in Excel. Rather than
// asking them to save a CSV (and lose the Arabic if they pick the wrong
// kind), the import reads the workbook's first sheet with excelize, a
// maintained pure-Go reader of the Office Open XML format, in the same
// layout and with the same checks as a CSV file. Cells are read raw (the
// number stored, not as the cell's format shows it), so "1 234,50 DH"
// formatting cannot change an amount.

// xlsxMagic starts every XLSX file (a ZIP archive).
var xlsxMagic = []byte("PK\x03\x04")

// IsXLSX reports whether the file's first bytes are those of a workbook.
func IsXLSX(head []byte) bool { return bytes.HasPrefix(head, xlsxMagic) }

// Bounds on what a workbook may unpack to, against ZIP bombs.
const (
	maxUnzipped    = 100 << 20
	maxUnzippedXML = 50 << 20
)

// ParseXLSX reads the first sheet of a workbook as ParseImport reads a CSV
// file: row 1 is the header, rows are numbered as Excel numbers them.
func ParseXLSX(r io.Reader) ([]Line, []ImportError) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	switch {
	case err != nil:
		return nil, []ImportError{{Key: "budget.error.unreadable"}}
	case len(raw) > MaxImportBytes:
		return nil, []ImportError{{Key: "budget.error.too_large"}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML})
	if err != nil {
		return nil, []ImportError{{Key: "budget.error.unreadable"}}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, []ImportError{{Line: 1, Key: "budget.error.empty"}}
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, []ImportError{{Key: "budget.error.unreadable"}}
	}
	defer rows.Close()
	p := newParser()
	line := 0
	header := true
	for rows.Next() {
		line++
		record, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, []ImportError{{Line: line, Key: "budget.error.unreadable"}}
		}
		if header {
			if len(record) == 0 {
				return nil, []ImportError{{Line: 1, Key: "budget.error.empty"}}
			}
			if !p.readHeader(record) {
				return nil, p.errs
			}
			header = false
			continue
		}
		if len(p.lines)+len(p.totals) >= MaxImportLines {
			p.errs = append(p.errs, ImportError{Line: line, Key: "budget.error.too_many_lines"})
			break
		}
		p.readRow(line, record)
	}
	if header {
		return nil, []ImportError{{Line: 1, Key: "budget.error.empty"}}
	}
	return p.finish()
}
