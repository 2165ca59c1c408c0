"""The console's words, Indonesian first (KBBI: antrean, silakan), English on ?lang=en."""

TEXTS = {
    "title": {"id": "Konsol Loket", "en": "Counter console"},
    "login": {"id": "Masuk", "en": "Log in"},
    "username": {"id": "Nama pengguna", "en": "User name"},
    "password": {"id": "Kata sandi", "en": "Password"},
    "logout": {"id": "Keluar", "en": "Log out"},
    "pick_counter": {"id": "Pilih loket Anda", "en": "Choose your counter"},
    "change_counter": {"id": "Ganti loket", "en": "Change counter"},
    "current": {"id": "Nomor saat ini", "en": "Current number"},
    "none_called": {"id": "Belum ada nomor dipanggil", "en": "No number called"},
    "waiting": {"id": "Menunggu", "en": "Waiting"},
    "oldest": {"id": "Terlama menunggu", "en": "Longest wait"},
    "next": {"id": "Berikutnya", "en": "Next"},
    "minutes": {"id": "menit", "en": "min"},
    "call_next": {"id": "Panggil berikutnya", "en": "Call next"},
    "recall": {"id": "Panggil ulang", "en": "Call again"},
    "no_show": {"id": "Tidak hadir", "en": "Not present"},
    "start": {"id": "Mulai layani", "en": "Start serving"},
    "finish": {"id": "Selesai", "en": "Finish"},
    "transfer": {"id": "Alihkan ke…", "en": "Transfer to…"},
    "pause": {"id": "Istirahat", "en": "Break"},
    "resume": {"id": "Lanjutkan", "en": "Resume"},
    "call_number": {"id": "Panggil nomor", "en": "Call number"},
    "to_front": {"id": "Di depan antrean", "en": "At the front"},
    "to_back": {"id": "Di belakang antrean", "en": "At the back"},
    "confirm": {"id": "Alihkan", "en": "Transfer"},
    "cancel": {"id": "Batal", "en": "Cancel"},
    "state_open": {"id": "Buka", "en": "Open"},
    "state_paused": {"id": "Istirahat", "en": "On a break"},
    "state_closed": {"id": "Tutup", "en": "Closed"},
    "status_called": {"id": "Dipanggil", "en": "Called"},
    "status_serving": {"id": "Sedang dilayani", "en": "Being served"},
    "recalls": {"id": "Panggilan ulang", "en": "Recalls"},
    "offline": {"id": "Hub tidak dapat dihubungi. Periksa jaringan atau server hub; tombol "
                      "aktif lagi begitu hub kembali. Tidak ada tindakan yang terkirim dua kali.",
                "en": "The hub cannot be reached. Check the network or the hub server; the "
                      "buttons come back when the hub does. No action is sent twice."},
    "shortcuts": {"id": "Pintasan: N berikutnya · U ulang · T tidak hadir · M mulai · S selesai · "
                   "A alihkan · I istirahat",
             "en": "Shortcuts: N next · U again · T not present · M start · S finish · "
                   "A transfer · I break"},
    "other_lang": {"id": "English", "en": "Bahasa Indonesia"},
}


def texts(lang: str) -> dict[str, str]:
    return {key: value.get(lang) or value["id"] for key, value in TEXTS.items()}
