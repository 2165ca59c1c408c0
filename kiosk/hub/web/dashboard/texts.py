"""The dashboard's words, Indonesian first (KBBI: antrean, silakan, keluhan), English on
?lang=en (kept in a cookie). Report headings come from kiosk.reports.labels (tr)."""

from kiosk.reports import labels as L

TEXTS = {
    "dashboard": ("Dasbor Pengelola", "Manager dashboard"),
    "other_lang": ("English", "Bahasa Indonesia"),
    "navigation": ("Navigasi", "Navigation"),
    "nav_live": ("Hari ini", "Today"),
    "nav_kiosks": ("Anjungan", "Kiosks"),
    "nav_satisfaction": ("Kepuasan (IKM)", "Satisfaction (IKM)"),
    "nav_complaints": ("Saran & keluhan", "Complaints"),
    "nav_service_times": ("Waktu layanan", "Service times"),
    "nav_catalog": ("Katalog", "Catalog"),
    "nav_users": ("Pengguna", "Users"),
    "nav_audit": ("Log audit", "Audit log"),
    "role_admin": ("Admin", "Admin"),
    "role_manager": ("Pengelola MPP", "MPP manager"),
    "role_agency": ("Instansi", "Agency"),
    "role_officer": ("Petugas loket", "Counter officer"),
    # log-in and password
    "login": ("Masuk", "Log in"),
    "logout": ("Keluar", "Log out"),
    "login_heading": ("Masuk ke dasbor", "Log in to the dashboard"),
    "login_hint": ("Gunakan akun petugas yang dibuat oleh admin TI.",
                   "Use the staff account your IT admin created."),
    "username": ("Nama pengguna", "User name"),
    "password": ("Kata sandi", "Password"),
    "change_password": ("Ganti kata sandi", "Change password"),
    "password_forced": (("Ini login pertama Anda (atau kata sandi baru saja disetel ulang). "
                        "Silakan ganti kata sandi sebelum melanjutkan."),
                        ("This is your first log-in (or your password was just reset). "
                        "Please choose a new password before you go on.")),
    "password_old": ("Kata sandi sekarang", "Current password"),
    "password_new": ("Kata sandi baru", "New password"),
    "password_again": ("Ulangi kata sandi baru", "New password again"),
    "password_rule": ("Minimal 10 karakter. Gunakan kalimat yang mudah Anda ingat.",
                      "At least 10 characters. A sentence you remember works well."),
    "password_mismatch": ("Kedua kata sandi baru tidak sama.",
                          "The two new passwords differ."),
    "password_same": ("Kata sandi baru harus berbeda dari yang lama.",
                      "The new password must differ from the old one."),
    "password_wrong": ("Kata sandi sekarang salah.", "The current password is wrong."),
    "password_short": ("Kata sandi baru minimal 10 karakter.",
                       "The new password needs at least 10 characters."),
    "save": ("Simpan", "Save"),
    # refusals
    "forbidden_title": ("Akses ditolak", "Access denied"),
    "why_forbidden": ("Peran Anda tidak boleh membuka halaman ini.",
                      "Your role may not open this page."),
    "why_csrf": (("Formulir ini kedaluwarsa atau tidak berasal dari dasbor. Muat ulang "
                 "halaman lalu coba lagi."),
                 ("This form has expired or did not come from the dashboard. Reload the page "
                 "and try again.")),
    "why_token": (("Token anjungan atau layar tidak dapat membuka dasbor; masuklah sebagai "
                   "petugas."),
                  "A kiosk's or display's token cannot open the dashboard; log in as staff."),
    "why_session": ("Sesi tidak dikenal atau sudah berakhir.",
                    "Unknown or expired session."),
    "why_agency": ("Data ini milik instansi lain.", "This belongs to another agency."),
    "back_to_dashboard": ("Kembali ke dasbor", "Back to the dashboard"),
    "officer_title": ("Halaman petugas loket", "Counter officer"),
    "officer_text": (("Akun petugas loket bekerja di konsol loket; dasbor ini untuk pengelola "
                     "dan instansi."),
                     ("Counter officers work at the counter console; this dashboard is for "
                     "managers and agencies.")),
    "officer_go": ("Buka konsol loket", "Open the counter console"),
    # today
    "live_heading": ("Hari ini", "Today"),
    "issued": ("Diambil", "Issued"),
    "waiting": ("Menunggu", "Waiting"),
    "at_counter": ("Di loket", "At a counter"),
    "served": ("Selesai dilayani", "Served"),
    "counters_open": ("Loket buka", "Counters open"),
    "median_wait": ("Median waktu tunggu", "Median wait"),
    "min": ("menit", "min"),
    "arrivals_heading": ("Kedatangan per jam", "Arrivals per hour"),
    "series_today": ("Hari ini", "Today"),
    # "minggu lalu" also reads "last Sunday": "pekan lalu" is the week
    "series_last_week": ("{day} (pekan lalu)", "{day} (last week)"),
    "per_agency": ("Per instansi", "Per agency"),
    "agency": ("Instansi", "Agency"),
    "service": ("Layanan", "Service"),
    "no_counter_open": ("tidak ada loket buka", "no counter open"),
    "live_note": (("Halaman ini diperbarui otomatis setiap {s} detik. Waktu tunggu: dari "
                  "pengambilan nomor sampai dipanggil. Garis titik-titik: jam yang sedang "
                  "berjalan."),
                  ("This page refreshes itself every {s} seconds. Wait: from taking a number "
                  "to being called. Dotted: the hour still running.")),
    # kiosks
    "kiosks_heading": ("Anjungan dan perangkatnya", "Kiosks and their devices"),
    "kiosks_problem": ("Bermasalah", "With a problem"),
    "kiosks_warning": ("Perlu perhatian", "Need attention"),
    "kiosks_total": ("Anjungan terdaftar", "Kiosks known"),
    "kiosks_none": ("Belum ada anjungan yang mengirim tanda hidup ke hub.",
                    "No kiosk has sent a heartbeat to the hub yet."),
    "kiosks_note": (("Anjungan mengirim tanda hidup setiap 30 detik; tanpa tanda selama 2 menit "
                    "dianggap luring. Nomor luring: sisa nomor cadangan hari ini untuk saat "
                    "jaringan putus. Antrean kirim: catatan yang belum sampai ke hub."),
                    ("Kiosks send a heartbeat every 30 seconds; none for 2 minutes counts as "
                    "offline. Offline numbers: today's reserved numbers left for a network "
                    "outage. Outbox: records not yet at the hub.")),
    "kiosk": ("Anjungan", "Kiosk"),
    "state": ("Keadaan", "State"),
    "last_heartbeat": ("Tanda hidup terakhir", "Last heartbeat"),
    "printer": ("Printer", "Printer"),
    "scanner": ("Pemindai", "Scanner"),
    "cardreader": ("Pembaca KTP-el", "Card reader"),
    "numbers_left": ("Nomor luring tersisa", "Offline numbers left"),
    "outbox": ("Antrean kirim", "Outbox"),
    "catalog_version": ("Versi katalog", "Catalog version"),
    "online": ("Daring", "Online"),
    "offline": ("Luring", "Offline"),
    "unknown": ("tidak diketahui", "unknown"),
    "same_as_hub": ("sama dengan hub", "same as hub"),
    "differs": ("berbeda dari hub", "differs from hub"),
    "issue_offline": ("luring", "offline"),
    "issue_scanner": ("pemindai bermasalah", "scanner fault"),
    "issue_cardreader": ("pembaca KTP-el bermasalah", "card reader fault"),
    "issue_outbox": ("banyak data belum terkirim", "large outbox backlog"),
    "issue_numbers": ("nomor luring hampir habis", "few offline numbers left"),
    "issue_catalog": ("katalog berbeda", "catalog differs"),
    "printer_paper_near_end": ("kertas hampir habis", "paper near end"),
    "printer_paper_out": ("kertas habis", "paper out"),
    "printer_cover_open": ("tutup printer terbuka", "printer cover open"),
    "printer_offline": ("printer mati", "printer off"),
    "printer_error": ("printer galat", "printer error"),
    "printer_no_answer": ("printer tidak menjawab", "printer not answering"),
    "dev_ready": ("siap", "ready"),
    "dev_ok": ("siap", "ready"),
    "dev_busy": ("sibuk", "busy"),
    "dev_absent": ("tidak terpasang", "not fitted"),
    "dev_paper_near_end": ("kertas hampir habis", "paper near end"),
    "dev_paper_out": ("kertas habis", "paper out"),
    "dev_cover_open": ("tutup terbuka", "cover open"),
    "dev_offline": ("mati", "off"),
    "dev_error": ("galat", "error"),
    "dev_no_answer": ("tidak menjawab", "not answering"),
    "ago_s": ("{n} detik lalu", "{n} s ago"),
    "ago_min": ("{n} menit lalu", "{n} min ago"),
    "ago_h": ("{n} jam lalu", "{n} h ago"),
    "ago_d": ("{n} hari lalu", "{n} days ago"),
    # periods and downloads
    "from": ("Dari", "From"),
    "to": ("Sampai", "To"),
    "show": ("Tampilkan", "Show"),
    "all_agencies": ("Semua instansi", "All agencies"),
    "error_bad_period": (("Periode tidak valid (tanggal akhir sebelum awal, atau lebih dari "
                         "satu tahun). Ditampilkan bulan ini."),
                         ("Invalid period (the end before the start, or over a year). This "
                         "month is shown instead.")),
    "download": ("Unduh", "Download"),
    "download_note": ("sama dengan keluaran perintah kiosk report",
                      "the same as the kiosk report command"),
    # satisfaction
    "satisfaction_heading": ("Indeks Kepuasan Masyarakat", "Community Satisfaction Index"),
    "ikm_converted": ("IKM (konversi)", "IKM (converted)"),
    "mutu": ("Mutu", "Quality"),
    "respondents": ("Responden", "Respondents"),
    "population": ("populasi", "population"),
    "population_col": ("Populasi", "Population"),
    "min_sample": ("Sampel minimum", "Minimum sample"),
    "sample_reached": ("Sampel tercapai", "Sample reached"),
    "yes": ("ya", "yes"),
    "not_yet": ("kurang {n}", "{n} short"),
    "nrr_heading": ("NRR per unsur", "NRR per element"),
    "ikm_per_agency": ("IKM per instansi", "IKM per agency"),
    "show_services": ("Tampilkan rincian per layanan ({n} layanan)",
                      "Show the figures per service ({n} services)"),
    "ikm_table": ("IKM per instansi dan layanan", "IKM per agency and service"),
    "ikm_note": (("Perhitungan menurut PermenPANRB 14/2017; populasi = nomor antrean yang "
                 "diambil (tanpa yang dibatalkan); sampel minimum menurut Krejcie–Morgan."),
                 ("Computed as PermenPANRB 14/2017 sets out; population = queue numbers taken "
                 "(not cancelled); minimum sample after Krejcie–Morgan.")),
    "no_respondents": ("Belum ada responden SKM pada periode ini.",
                       "No SKM respondents in this period yet."),
    "faces_heading": ("Penilaian wajah", "Face votes"),
    "face_1": ("Sangat tidak puas", "Very unhappy"),
    "face_2": ("Tidak puas", "Unhappy"),
    "face_3": ("Puas", "Happy"),
    "face_4": ("Sangat puas", "Very happy"),
    "no_votes": ("Belum ada penilaian pada periode ini.", "No votes in this period yet."),
    "reasons_heading": ("Alasan utama", "Main reasons"),
    "reason": ("Alasan", "Reason"),
    "after_unhappy": ("setelah wajah 1–2", "after faces 1–2"),
    "after_happy": ("setelah wajah 3–4", "after faces 3–4"),
    "no_reasons": ("Belum ada pengunjung yang memberi alasan.",
                   "No visitor has given a reason yet."),
    # complaints
    "complaints_heading": ("Saran dan keluhan", "Suggestions and complaints"),
    "show_which": ("Tampilkan", "Show"),
    "show_open": ("Belum ditangani", "Open"),
    "show_handled": ("Sudah ditangani", "Handled"),
    "show_all": ("Semua", "All"),
    "open_count": ("Belum ditangani", "Open"),
    "all_count": ("Saran dan keluhan pada periode ini", "In this period"),
    "open": ("belum ditangani", "open"),
    "handled_at": ("ditangani {at}", "handled {at}"),
    "contact": ("Kontak", "Contact"),
    "contact_hidden": ("Kontak pengunjung tidak ditampilkan untuk peran Anda.",
                       "The visitor's contact is not shown to your role."),
    "reply_note": ("Catatan tindak lanjut", "Reply note"),
    "note_placeholder": ("Catatan tindak lanjut (mis. sudah ditelepon, AC diperbaiki)",
                         "Reply note (e.g. called back, air conditioning fixed)"),
    "mark_handled": ("Tandai sudah ditangani", "Mark handled"),
    "save_note": ("Simpan catatan", "Save note"),
    "marked_handled": ("Tersimpan: keluhan ditandai sudah ditangani.",
                       "Saved: the complaint is marked handled."),
    "no_complaints": ("Tidak ada saran atau keluhan pada periode ini.",
                      "No suggestions or complaints in this period."),
    # service times
    "times_heading": ("Waktu tunggu dan waktu layanan", "Waiting and service times"),
    "called": ("Nomor dipanggil", "Numbers called"),
    "median_service": ("Median waktu layanan", "Median service time"),
    "no_show": ("Tidak hadir", "No-show"),
    "within": ("Sesuai standar waktu", "Within published time"),
    "tickets": ("Nomor", "Tickets"),
    "times_counter": ("Loket", "Counter"),
    "times_agencies": ("Per instansi", "Per agency"),
    "times_services": ("Per layanan", "Per service"),
    "times_counters": ("Per loket", "Per counter"),
    "times_note": (("Waktu dalam menit. Tunggu: ambil nomor sampai dipanggil; layanan: "
                   "dipanggil sampai selesai."),
                   "Minutes. Wait: number taken to call; service: call to finish."),
    "no_calls": ("Belum ada nomor yang dipanggil di loket pada periode ini.",
                 "No number was called at a counter in this period."),
    # catalog
    "catalog_heading": ("Katalog layanan", "Service catalog"),
    "version": ("versi", "version"),
    "stale_kiosks": (("{n} anjungan memakai katalog yang berbeda dari hub: salin catalog.toml "
                     "hub ke anjungan itu lalu mulai ulang aplikasinya."),
                     ("{n} kiosk(s) run a catalog that differs from the hub's: copy the hub's "
                     "catalog.toml to them and restart the kiosk app.")),
    "all_same": ("Semua anjungan memakai katalog yang sama dengan hub.",
                 "Every kiosk runs the hub's catalog."),
    "unknown_kiosks": ("Versi katalog belum dilaporkan oleh:", "Catalog version not reported by:"),
    "holiday_today": ("Hari libur", "Holiday"),
    "prefix": ("awalan", "prefix"),
    "counters_word": ("loket", "counters"),
    "hours_today": ("Jam buka hari ini", "Hours today"),
    "quota": ("Kuota", "Quota"),
    "issued_today": ("Diambil hari ini", "Issued today"),
    "minutes_per_visitor": ("Menit/orang", "Min/visitor"),
    "cutoff": ("Batas akhir", "Cut-off"),
    "closed_today": ("tutup", "closed"),
    "no_quota": ("tanpa batas", "none"),
    "disabled": ("nonaktif", "disabled"),
    "closed_because": ("tutup:", "closed:"),
    "quota_full": ("kuota habis", "quota reached"),
    "open_state": ("buka", "open"),
    "closures_ahead": ("Penutupan 30 hari ke depan", "Closures in the next 30 days"),
    "whole_mpp": ("seluruh MPP", "whole MPP"),
    "no_closures": ("Tidak ada penutupan terjadwal.", "No closure scheduled."),
    "catalog_note": (("Katalog diubah di berkas catalog.toml pada komputer hub (halaman ini "
                     "hanya menampilkan). Batas akhir: menit sebelum tutup ketika nomor "
                     "terakhir diberikan."),
                     ("The catalog is edited in catalog.toml on the hub computer (this page "
                     "only shows it). Cut-off: minutes before closing when the last number "
                     "is given.")),
    # users
    "users_heading": ("Akun petugas", "Staff accounts"),
    "role": ("Peran", "Role"),
    "user_disabled": ("nonaktif", "disabled"),
    "user_locked": ("terkunci sementara", "locked for now"),
    "user_must_change": ("harus ganti kata sandi", "must change password"),
    "user_active": ("aktif", "active"),
    "new_temp_password": ("Kata sandi sementara baru", "New temporary password"),
    "reset_password": ("Setel ulang", "Reset"),
    "disable": ("Nonaktifkan", "Disable"),
    "add_user": ("Tambah akun", "Add an account"),
    "temp_password": ("Kata sandi sementara", "Temporary password"),
    "add": ("Tambah", "Add"),
    "users_note": (("Petugas loket dan akun instansi harus memilih instansi. Pemilik akun wajib "
                   "mengganti kata sandi sementara saat pertama masuk. Semua perubahan "
                   "tercatat di log audit."),
                   ("Counter officers and agency accounts need an agency. The owner must "
                   "change the temporary password at the first log-in. Every change is "
                   "written to the audit log.")),
    "done_added": ("Akun {who} ditambahkan.", "Account {who} added."),
    "done_reset": ("Kata sandi {who} disetel ulang; sesi lamanya berakhir.",
                   "{who}'s password was reset; their sessions ended."),
    "done_disabled": ("Akun {who} dinonaktifkan.", "Account {who} disabled."),
    # kiosk.hub.accounts.AccountError, by its key
    "account_bad_name": (("Nama pengguna “{username}” tidak dapat dipakai: 2–32 huruf kecil, "
                         "angka, titik, garis bawah atau tanda hubung."),
                         ("The user name “{username}” cannot be used: 2–32 lower-case "
                         "letters, digits, '.', '_' or '-'.")),
    "account_bad_role": ("Pilih salah satu peran: {roles}.", "Choose one of the roles: {roles}."),
    "account_needs_agency": ("Akun dengan peran {role} harus memilih instansi.",
                             "An account with the role {role} needs an agency."),
    "account_unknown_agency": ("Instansi “{agency}” tidak ada di katalog.",
                               "The agency “{agency}” is not in the catalog."),
    "account_short_password": ("Kata sandi minimal {n} karakter.",
                               "A password needs at least {n} characters."),
    "account_exists": ("Nama pengguna “{username}” sudah dipakai.",
                       "The user name “{username}” is taken already."),
    "account_unknown": ("Tidak ada akun “{username}”.", "There is no account “{username}”."),
    "account_self_disable": ("Anda tidak dapat menonaktifkan akun Anda sendiri.",
                             "You cannot disable your own account."),
    # audit
    "audit_heading": ("Log audit", "Audit log"),
    "action": ("Tindakan", "Action"),
    "all_actions": ("Semua tindakan", "All actions"),
    "when": ("Waktu", "Time"),
    "target": ("Sasaran", "Target"),
    "detail": ("Rincian", "Detail"),
    "address": ("Alamat", "Address"),
    "newer": ("Lebih baru", "Newer"),
    "older": ("Lebih lama", "Older"),
    "audit_empty": ("Belum ada catatan.", "No records yet."),
    "audit_note": (("Log audit hanya dapat dibaca; tidak ada yang dapat mengubah atau "
                   "menghapus catatannya."),
                   "The audit log is read-only: no one can change or delete a record."),
}


def period_label(period, lang: str) -> str:
    """A page heading's period: "Periode: 1 November 2026 – 23 November 2026", or the one
    day alone ("23 November 2026") when the period is a day."""
    if period.start == period.end:
        return L.day_text(period.start, lang)
    return L.period_text(period, lang)


# The audit log's action names (kiosk.hub.audit.ACTIONS) as an admin reads them.
ACTION_TEXTS = {
    "login": ("Masuk", "Logged in"),
    "login_failed": ("Gagal masuk", "Failed log-in"),
    "logout": ("Keluar", "Logged out"),
    "password_changed": ("Ganti kata sandi", "Password changed"),
    "counter.call-next": ("Panggil berikutnya", "Called next"),
    "counter.call": ("Panggil nomor", "Called a number"),
    "counter.recall": ("Panggil ulang", "Called again"),
    "counter.no-show": ("Tidak hadir", "No-show"),
    "counter.start": ("Mulai layani", "Started serving"),
    "counter.finish": ("Selesai layani", "Finished serving"),
    "counter.transfer": ("Alihkan", "Transferred"),
    "counter.pause": ("Loket jeda", "Counter paused"),
    "counter.resume": ("Loket dibuka lagi", "Counter resumed"),
    "counter.close": ("Loket tutup", "Counter closed"),
    "suggestion.handled": ("Keluhan ditangani", "Complaint handled"),
    "report.export": ("Unduh laporan", "Report downloaded"),
    "user.add": ("Tambah pengguna", "User added"),
    "user.passwd": ("Setel ulang kata sandi", "Password reset"),
    "user.disable": ("Nonaktifkan pengguna", "User disabled"),
    "token.kiosk": ("Token anjungan baru", "New kiosk token"),
    "token.display": ("Token layar baru", "New display token"),
}


def texts(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}


def action_texts(lang: str) -> dict[str, str]:
    """{action name: its words}; an action this version does not know shows its name."""
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in ACTION_TEXTS.items()}
