"""The spoken prompts: one table, every language. Short, plain, and never the only way a
thing is said (the screen says it too)."""

from __future__ import annotations

LANGUAGES = ("ja", "en", "zh", "ko", "pt", "vi")

PROMPTS: dict[str, dict[str, str]] = {
    "welcome": {
        "ja": "利用者カードを、読み取り機にかざしてください。",
        "en": "Please scan your library card.",
        "zh": "请扫描您的借阅证。",
        "ko": "도서관 카드를 읽혀 주세요.",
        "pt": "Por favor, passe o seu cartão da biblioteca.",
        "vi": "Vui lòng quét thẻ thư viện của bạn.",
    },
    "pin": {
        "ja": "暗証番号を入力してください。",
        "en": "Please enter your PIN.",
        "zh": "请输入您的密码。",
        "ko": "비밀번호를 입력해 주세요.",
        "pt": "Por favor, digite a sua senha.",
        "vi": "Vui lòng nhập mã PIN của bạn.",
    },
    "scan_items": {
        "ja": "借りる本を、一冊ずつ読み取ってください。",
        "en": "Please scan your items one at a time.",
        "zh": "请逐一扫描您要借的资料。",
        "ko": "빌릴 자료를 하나씩 읽혀 주세요.",
        "pt": "Passe os itens um de cada vez.",
        "vi": "Vui lòng quét từng tài liệu một.",
    },
    "item_refused": {
        "ja": "この資料は、ここでは借りられません。カウンターでお尋ねください。",
        "en": "This item cannot be borrowed here. Please ask at the counter.",
        "zh": "此资料无法在这里借阅。请到服务台咨询。",
        "ko": "이 자료는 여기에서 빌릴 수 없습니다. 안내 데스크에 문의해 주세요.",
        "pt": "Este item não pode ser emprestado aqui. Procure o balcão.",
        "vi": "Tài liệu này không mượn được ở đây. Vui lòng hỏi tại quầy.",
    },
    "scan_again": {
        "ja": "読み取れませんでした。もう一度お願いします。",
        "en": "That could not be read. Please try again.",
        "zh": "无法读取。请再试一次。",
        "ko": "읽을 수 없습니다. 다시 해 주세요.",
        "pt": "Não foi possível ler. Tente de novo.",
        "vi": "Không đọc được. Vui lòng thử lại.",
    },
    "card_refused": {
        "ja": "このカードは、ご利用になれません。カウンターでお尋ねください。",
        "en": "This card cannot be used here. Please ask at the counter.",
        "zh": "此借阅证无法使用。请到服务台咨询。",
        "ko": "이 카드는 사용할 수 없습니다. 안내 데스크에 문의해 주세요.",
        "pt": "Este cartão não pode ser usado. Procure o balcão.",
        "vi": "Thẻ này không dùng được. Vui lòng hỏi tại quầy.",
    },
    "still_there": {
        "ja": "まだご利用中ですか。続けるときは、画面に触れてください。",
        "en": "Are you still there? Touch the screen to continue.",
        "zh": "您还在吗？如需继续，请触摸屏幕。",
        "ko": "계속 이용하시나요? 계속하려면 화면을 눌러 주세요.",
        "pt": "Ainda está aí? Toque na tela para continuar.",
        "vi": "Bạn vẫn ở đây chứ? Chạm vào màn hình để tiếp tục.",
    },
    "receipt": {
        "ja": "レシートをお取りください。",
        "en": "Please take your receipt.",
        "zh": "请取走您的收据。",
        "ko": "영수증을 가져가 주세요.",
        "pt": "Por favor, retire o seu recibo.",
        "vi": "Vui lòng lấy biên lai.",
    },
    "goodbye": {
        "ja": "ご利用ありがとうございました。返却期限をお守りください。",
        "en": "Thank you. Please return your items by the due date.",
        "zh": "谢谢使用。请按时归还。",
        "ko": "감사합니다. 반납 기한을 지켜 주세요.",
        "pt": "Obrigado. Devolva os itens até a data indicada.",
        "vi": "Cảm ơn bạn. Vui lòng trả đúng hạn.",
    },
}

# Sound cues, made with sox: (name, sox synth arguments)
CUES: dict[str, list[str]] = {
    "success": ["synth", "0.12", "sine", "660", "synth", "0.16", "sine", "880"],
    "error": ["synth", "0.14", "square", "220", "pad", "0", "0.08", "repeat", "1"],
    "attention": ["synth", "0.35", "sine", "1047", "fade", "q", "0.01", "0.35", "0.25"],
}

CREDITS = ("Japanese voice: \"Mei\" (mei_normal.htsvoice), © Nagoya Institute of Technology, "
           "CC BY 3.0, via Open JTalk. Other languages: eSpeak NG (GPLv3).")
