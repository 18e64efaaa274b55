import ExcelJS from 'exceljs';
const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile('/tmp/prof/plan.xlsx');
const ws = wb.worksheets.find((s) => s.state === 'visible')!;
let col = 0; ws.getRow(1).eachCell((c, n) => { if (String(c.value).trim() === 'Progress') col = n; });
for (let k = 0; k < 10; k++) ws.getCell(2 + k * 997, col).value = `edit ${k} ${Date.now()}`;
await wb.xlsx.writeFile('/tmp/prof/plan.xlsx');
