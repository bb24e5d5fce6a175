"""The default certificate: the Vietnamese administrative document form (Decree 30/2020/NĐ-CP).

The body is a Django template that sees only the frozen strings of a certificate (see
certificates.context) and the images the renderer adds (qr, seal, background).
"""

DEFAULT_SERIAL_PATTERN = "{seq:04d}/{year}/GCN-{issuer}"

DEFAULT_BODY = """<header class="heading">
  <div class="issuer">
    {% if parent_body %}<p class="parent">{{ parent_body }}</p>{% endif %}
    <p class="body-name">{{ issuing_body }}</p>
    <p class="rule"></p>
    <p class="serial">Số: {{ serial }}</p>
  </div>
  <div class="motto">
    <p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
    <p class="slogan">Độc lập - Tự do - Hạnh phúc</p>
    <p class="date">{{ place }}, ngày {{ issue_day }} tháng {{ issue_month }} năm {{ issue_year }}</p>
  </div>
</header>
<main>
  <h1>GIẤY CHỨNG NHẬN</h1>
  <p class="lead">{{ issuing_body }} chứng nhận:</p>
  <p class="name">{{ recipient_name }}</p>
  <table class="facts">
    {% if recipient_birth_date %}<tr><th>Ngày sinh:</th><td>{{ recipient_birth_date }}</td></tr>{% endif %}
    {% if recipient_unit %}<tr><th>Đơn vị:</th><td>{{ recipient_unit }}</td></tr>{% endif %}
    <tr><th>Đã hoàn thành khoá học:</th><td class="course">{{ course_title }}</td></tr>
    <tr><th>Thời gian học:</th><td>từ ngày {{ course_start }} đến ngày {{ course_end }}</td></tr>
    <tr><th>Kết quả:</th><td>{{ result }}</td></tr>
  </table>
</main>
<footer>
  <div class="check">
    <div class="qr">
      <img src="{{ qr }}" alt="">
      <p class="code">{{ verification_code }}</p>
    </div>
    <p class="link">Tra cứu giấy chứng nhận:<br>{{ verify_page_url }}<span class="nowrap">{{ verification_code }}/</span></p>
  </div>
  <div class="signature">
    <p class="title">{{ signatory_title|linebreaksbr }}</p>
    <div class="seal">{% if seal %}<img src="{{ seal }}" alt="">{% endif %}</div>
    <p class="signatory">{{ signatory_name }}</p>
  </div>
</footer>
"""

DEFAULT_CSS = """body { font-size: 13pt; color: #111; }
.heading { display: flex; justify-content: space-between; text-align: center; }
.heading p { margin: 0; }
.issuer { width: 42%; }
.parent { text-transform: uppercase; }
.body-name { font-weight: bold; text-transform: uppercase; }
.rule { width: 30%; margin: 2pt auto 6pt !important; border-top: 1px solid #111; }
.motto { width: 55%; }
.nation { font-weight: bold; }
.slogan { font-weight: bold; display: inline-block; border-bottom: 1px solid #111; padding-bottom: 2pt; }
.date { font-style: italic; margin-top: 8pt !important; }
h1 { text-align: center; font-size: 24pt; letter-spacing: 1pt; margin: 22pt 0 8pt; }
.lead { text-align: center; margin: 0 0 10pt; }
.name { text-align: center; font-size: 20pt; font-weight: bold; margin: 0 0 12pt; }
.facts { margin: 0 auto; border-collapse: collapse; }
.facts th { text-align: left; font-weight: normal; padding: 2pt 12pt 2pt 0; vertical-align: top; }
.facts td { padding: 2pt 0; }
.course { font-weight: bold; }
footer { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 14pt; }
.check { width: 45%; font-size: 8pt; display: flex; align-items: flex-end; gap: 4pt; }
.check p { margin: 0; }
.qr { text-align: center; }
.qr img { width: 24mm; height: 24mm; }
/* The code is typed from paper: never split across lines (it could break at a hyphen), so
   the address around it breaks only after a slash. */
.code, .nowrap { white-space: nowrap; }
.code { font-size: 7pt; margin-top: 1pt !important; }
.link { hyphens: none; }
.signature { width: 40%; text-align: center; }
.signature .title { font-weight: bold; text-transform: uppercase; margin: 0; }
.seal { height: 26mm; }
.seal img { height: 26mm; }
.signatory { font-weight: bold; margin: 0; }
"""
