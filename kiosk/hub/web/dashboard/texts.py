"""The dashboard's words, Indonesian first (KBBI: antrean, silakan, keluhan), English on
?lang=en (kept in a cookie). Report headings come from kiosk.reports.labels (tr)."""

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
    "password_forced": ("Ini login pertama Anda (atau kata sandi baru saja disetel ulang). "
                        "Silakan ganti kata sandi sebelum melanjutkan.",
                        "This is your first log-in (or your password was just reset). "
                        "Please choose a new password before you go on."),
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
    "why_csrf": ("Formulir ini kedaluwarsa atau tidak berasal dari dasbor. Muat ulang "
                 "halaman lalu coba lagi.",
                 "This form has expired or did not come from the dashboard. Reload the page "
                 "and try again."),
    "why_agency": ("Data ini milik instansi lain.", "This belongs to another agency."),
    "back_to_dashboard": ("Kembali ke dasbor", "Back to the dashboard"),
    "officer_title": ("Halaman petugas loket", "Counter officer"),
    "officer_text": ("Akun petugas loket bekerja di konsol loket; dasbor ini untuk pengelola "
                     "dan instansi.",
                     "Counter officers work at the counter console; this dashboard is for "
                     "managers and agencies."),
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
    "series_yesterday": ("Kemarin", "Yesterday"),
    "series_last_week": ("Minggu lalu ({day})", "Last week ({day})"),
    "per_agency": ("Per instansi", "Per agency"),
    "agency": ("Instansi", "Agency"),
    "service": ("Layanan", "Service"),
    "no_counter_open": ("tidak ada loket buka", "no counter open"),
    "live_note": ("Halaman ini diperbarui otomatis setiap {s} detik. Waktu tunggu: dari "
                  "pengambilan nomor sampai dipanggil.",
                  "This page refreshes itself every {s} seconds. Wait: from taking a number "
                  "to being called."),
}


def texts(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in TEXTS.items()}
