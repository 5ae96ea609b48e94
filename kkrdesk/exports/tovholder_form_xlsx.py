"""The tovholderskema as an Excel workbook: answer cells unlocked, the rest locked, dropdowns for status
and Ja/Nej, and every field as a defined name (form_id, status, …) so the program reads it back by name."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from kkrdesk.exports.xlsxstyle import NOTE_FONT, TITLE_FONT, put, save
from kkrdesk.services.forms import FIELD_LABELS, YES_NO, FormData

SHEET = "Tovholderskema"
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
LABEL_FONT = Font(bold=True)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# (field, row, height): the answer cells, in the order a tovholder fills them in.
ANSWERS = [("status", 12, 20), ("fremdrift", 13, 80), ("afvigelser", 14, 80), ("afvigelse_tid", 15, 20),
           ("afvigelse_oekonomi", 16, 20), ("afvigelse_indhold", 17, 20), ("naeste_milepaele", 18, 60),
           ("kkr_handling", 19, 20), ("udfyldt_af", 20, 20), ("dato", 21, 20)]
ROWS = {name: row for name, row, _height in ANSWERS}
FORM_ID_ROW = 23
HINTS = {
    "status": "Vælg grøn, gul eller rød",
    "fremdrift": "Hvad er nået siden sidste rapport?",
    "afvigelser": "Hvad afviger fra planen? Angiv nedenfor, om det er tid, økonomi eller indhold",
    "afvigelse_tid": "Ja, hvis tidsplanen ikke holder",
    "afvigelse_oekonomi": "Ja, hvis budgettet ikke holder",
    "afvigelse_indhold": "Ja, hvis indhold eller omfang ændres",
    "naeste_milepaele": "De næste milepæle og hvornår",
    "kkr_handling": "Ja, hvis KKR skal træffe beslutning eller handle",
    "udfyldt_af": "Navn og organisation",
    "dato": "fx 15.03.2026",
}


def write_form(data: FormData, out: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 38
    ws["A1"] = "Tovholderskema"
    ws["A1"].font = TITLE_FONT
    ws["A2"] = ("Udfyld de gule felter og send filen tilbage til KKR-sekretariatet. "
                "Tovholderen rapporterer årligt eller ved afvigelser.")
    ws["A2"].font = NOTE_FONT
    info = [("Indsats", data.indsats), ("Kategori", data.category or ""), ("Tovholder", data.party),
            ("Rolle", data.role), ("Fase", data.phase or ""), ("Periode", data.period)]
    if data.last_report:
        last = data.last_report
        dato = last["dato"].strftime("%d.%m.%Y") if last.get("dato") else ""
        text = f"{last['status']} {dato}: {last.get('fremdrift') or ''}".strip()
        if last.get("afvigelser_i"):
            text += f"\nAfvigelse i: {', '.join(last['afvigelser_i'])}"
        if last.get("naeste_milepaele"):
            text += f"\nNæste milepæle: {last['naeste_milepaele']}"
        info.append(("Seneste rapport", text))
    else:
        info.append(("Seneste rapport", "Ingen endnu"))
    for offset, (label, value) in enumerate(info):
        ws.cell(row=4 + offset, column=1, value=label).font = LABEL_FONT
        cell = put(ws.cell(row=4 + offset, column=2), value)  # indsats, tovholder, last report: outside text
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A11"] = "Rapport"
    ws["A11"].font = TITLE_FONT
    for name, row, height in ANSWERS:
        ws.cell(row=row, column=1, value=FIELD_LABELS[name]).font = LABEL_FONT
        cell = ws.cell(row=row, column=2)
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=3, value=HINTS[name]).font = NOTE_FONT
        ws.row_dimensions[row].height = height
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{SHEET}'!$B${row}")
    for column, value in ((1, FIELD_LABELS["form_id"]), (2, data.form_id),
                          (3, "Må ikke ændres: knytter skemaet til opgaven")):
        ws.cell(row=FORM_ID_ROW, column=column, value=value).font = NOTE_FONT
    wb.defined_names["form_id"] = DefinedName("form_id", attr_text=f"'{SHEET}'!$B${FORM_ID_ROW}")
    status = DataValidation(type="list", formula1='"grøn,gul,rød"', allow_blank=False,
                            error="Vælg grøn, gul eller rød.", errorTitle="Status")
    status.add(f"B{ROWS['status']}")
    ws.add_data_validation(status)
    for name in YES_NO:
        yes_no = DataValidation(type="list", formula1='"Ja,Nej"', allow_blank=True,
                                error="Vælg Ja eller Nej.", errorTitle=FIELD_LABELS[name])
        yes_no.add(f"B{ROWS[name]}")
        ws.add_data_validation(yes_no)
        ws[f"B{ROWS[name]}"] = "Nej"
    ws[f"B{ROWS['dato']}"].number_format = "dd.mm.yyyy"  # a date typed in Excel stays a date; the import reads both
    ws.protection.sheet = True  # locks everything but the answer cells; no password: it guards mistakes
    ws.protection.formatCells = False
    ws.print_area = f"A1:C{FORM_ID_ROW}"
    save(wb, out)
    return out
